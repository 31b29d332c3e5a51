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

    /** The view as JSON/YAML output shows it (null fields left out). */
    public java.util.Map<String, Object> toMap() {
        var out = new java.util.LinkedHashMap<String, Object>();
        put(out, "inferencePool", poolName);
        put(out, "selector", selector);
        put(out, "endpointPicker", eppName);
        put(out, "endpointPickerReady", eppReady);
        put(out, "endpointPickerReplicas", eppWanted);
        put(out, "leader", leader);
        out.put("modelServersReady", modelServersReady);
        out.put("modelServersTotal", modelServersTotal);
        out.put("conditions", poolConditions);
        out.put("jaeger", jaegerEnabled);
        put(out, "jaegerService", jaegerService);
        return out;
    }

    private static void put(java.util.Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
