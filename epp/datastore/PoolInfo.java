package epp.datastore;

import java.util.List;
import java.util.Map;

/**
 * The InferencePool the EPP serves, as v1 sees it (a v1alpha2 pool is converted: matchLabels =
 * selector, targetPorts = [targetPortNumber]). epp.md §3.2.
 */
public record PoolInfo(String name, String namespace, String group, Map<String, String> matchLabels,
                       List<Integer> targetPorts) {
    public PoolInfo {
        matchLabels = Map.copyOf(matchLabels);
        targetPorts = List.copyOf(targetPorts);
    }
}
