package kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves field ownership from client-side apply to server-side apply (release.md §4.5, client-go's
 * csaupgrade): the `helm`/`Update` entries of `metadata.managedFields` become one `helm`/`Apply`
 * entry, so the first SSA of a release Helm 3 (or CSA) made can drop fields the chart no longer
 * sets and does not conflict with Helm's own old ownership.
 */
public final class ManagedFieldsUpgrade {
    private ManagedFieldsUpgrade() {}

    /** The new managedFields, or empty when there is no `helm`/`Update` entry to convert. */
    @SuppressWarnings("unchecked")
    public static Optional<List<Map<String, Object>>> upgrade(List<Map<String, Object>> managedFields) {
        if (managedFields == null) {
            return Optional.empty();
        }
        List<Map<String, Object>> updates = managedFields.stream().filter(ManagedFieldsUpgrade::isHelmUpdate).toList();
        if (updates.isEmpty()) {
            return Optional.empty();
        }
        var result = new ArrayList<Map<String, Object>>();
        Map<String, Object> apply = null;
        for (var entry : managedFields) {
            if (isHelmApply(entry) && apply == null) {
                apply = new LinkedHashMap<>(entry);
                result.add(apply);
            } else if (!isHelmUpdate(entry)) {
                result.add(entry);
            }
        }
        if (apply == null) {
            Map<String, Object> newest = updates.get(0);
            for (var u : updates) {
                if (String.valueOf(u.get("time")).compareTo(String.valueOf(newest.get("time"))) > 0) {
                    newest = u;
                }
            }
            apply = new LinkedHashMap<>(newest);
            apply.put("operation", "Apply");
            result.add(apply);
        }
        for (var u : updates) {
            if (String.valueOf(u.get("apiVersion")).equals(String.valueOf(apply.get("apiVersion")))) {
                apply.put("fieldsV1", union((Map<String, Object>) apply.getOrDefault("fieldsV1", Map.of()),
                        (Map<String, Object>) u.getOrDefault("fieldsV1", Map.of())));
            }
        }
        return Optional.of(result);
    }

    private static boolean isHelmUpdate(Map<String, Object> entry) {
        return Cluster.FIELD_MANAGER.equals(entry.get("manager")) && "Update".equals(entry.get("operation"))
                && (entry.get("subresource") == null || "".equals(entry.get("subresource")));
    }

    private static boolean isHelmApply(Map<String, Object> entry) {
        return Cluster.FIELD_MANAGER.equals(entry.get("manager")) && "Apply".equals(entry.get("operation"))
                && (entry.get("subresource") == null || "".equals(entry.get("subresource")));
    }

    /** Union of two fieldsV1 tries. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> union(Map<String, Object> a, Map<String, Object> b) {
        var out = new LinkedHashMap<String, Object>(a);
        b.forEach((k, v) -> {
            if (out.get(k) instanceof Map<?, ?> am && v instanceof Map<?, ?> bm) {
                out.put(k, union((Map<String, Object>) am, (Map<String, Object>) bm));
            } else {
                out.putIfAbsent(k, v);
            }
        });
        return out;
    }
}
