package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.Filter;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.TypedName;
import java.util.ArrayList;
import java.util.List;

/**
 * Conformance-test filter: keeps the candidates whose IP is listed in the request header
 * {@value #HEADER} (comma-separated, in header order); no header keeps nothing.
 */
public final class HeaderBasedTestingFilter implements Filter {
    public static final String TYPE = "header-based-testing-filter";
    public static final String HEADER = "test-epp-endpoint-selection";

    private final TypedName typedName;

    public HeaderBasedTestingFilter(String name) {
        this.typedName = new TypedName(TYPE, name);
    }

    public static HeaderBasedTestingFilter create(String name, JsonNode parameters, PluginHandle handle) {
        return new HeaderBasedTestingFilter(name);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public List<Candidate> filter(SchedulingRequest request, List<Candidate> candidates) {
        String header = request.headers().get(HEADER);
        if (header == null || header.isEmpty()) {
            return List.of();
        }
        List<Candidate> kept = new ArrayList<>();
        for (String entry : header.split(",", -1)) {
            String ip = entry.trim();
            // Every port of a listed pod is kept; listing a pod twice does not make it likelier.
            for (Candidate candidate : candidates) {
                if (candidate.endpoint().address().equals(ip) && !kept.contains(candidate)) {
                    kept.add(candidate);
                }
            }
        }
        return kept;
    }
}
