package release;

import java.util.List;

/**
 * What `status` shows about the inference pool itself (better-than-Helm point 7). Fields are null
 * when the release has no such object or the cluster could not say.
 */
public record PoolView(
        String eppName,
        Long eppReady,
        Long eppWanted,
        String leader,
        String poolName,
        String selector,
        int modelServersReady,
        int modelServersTotal,
        List<String> poolConditions,
        boolean jaegerEnabled,
        String jaegerService) {
}
