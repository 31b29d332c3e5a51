package epp.scheduling;

import epp.datastore.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler chose: per profile the picked endpoints in picker order (best first), and
 * which profile is primary (its endpoints become `x-gateway-destination-endpoint`).
 */
public record SchedulingResult(String primaryProfile, Map<String, List<Endpoint>> profileTargets) {
    public SchedulingResult {
        profileTargets = Map.copyOf(profileTargets);
    }

    public List<Endpoint> primaryTargets() {
        return profileTargets.getOrDefault(primaryProfile, List.of());
    }
}
