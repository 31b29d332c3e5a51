package epp.metrics;

import java.util.List;
import java.util.Map;

/**
 * The families of one scrape that the EPP asked for, by name, in exposition order. A family that
 * has a `# TYPE` line but no sample is present with an empty list; a family absent from the body
 * has no entry.
 */
public record Exposition(Map<String, List<Sample>> families) {
    public Exposition {
        families = Map.copyOf(families);
    }

    /** The family's samples, or null when the body did not mention it. */
    public List<Sample> family(String name) {
        return families.get(name);
    }
}
