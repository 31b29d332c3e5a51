package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Which lists merge item by item, and on which key, as Kubernetes' built-in schemas declare
 * ({@code x-kubernetes-list-map-keys} / {@code patchMergeKey}). Every other list is atomic: a writer
 * replaces it whole. Decided by the list's field name, which is unambiguous for the kinds pool uses.
 */
final class ListMergeKeys {
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("resourceClaims", "name"));

    private ListMergeKeys() {}

    /** The key field for this list, or null when the list is atomic. */
    static String keyFor(String fieldName, JsonNode list) {
        String key = fieldName.equals("ports") ? portsKey(list) : KEYS.get(fieldName);
        if (key == null || list == null || !list.isArray()) {
            return null;
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has(key)) {
                return null;
            }
        }
        return key;
    }

    /** Container ports merge on containerPort, Service ports on port. */
    private static String portsKey(JsonNode list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        return list.get(0).has("containerPort") ? "containerPort" : "port";
    }
}
