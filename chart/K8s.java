package chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small builders for objects as ordered maps, so each template reads like the YAML it makes. */
final class K8s {
    /** Marks a key of {@link #map} as absent (a value that is only there under a condition). */
    static final Object OMIT = new Object();

    private K8s() {}

    /** An ordered map from key, value pairs; pairs whose value is {@link #OMIT} are left out. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != OMIT) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    static Object when(boolean condition, Object value) {
        return condition ? value : OMIT;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    static Map<String, Object> object(String apiVersion, String kind, Map<String, Object> metadata, Object... rest) {
        Map<String, Object> m = map("apiVersion", apiVersion, "kind", kind, "metadata", metadata);
        m.putAll(map(rest));
        return m;
    }

    /** metadata with name, namespace (null for cluster-scoped), labels (null or empty: none). */
    static Map<String, Object> metadata(String name, String namespace, Map<String, Object> labels) {
        return map("name", name,
                "namespace", namespace == null ? OMIT : namespace,
                "labels", labels == null || labels.isEmpty() ? OMIT : labels);
    }

    /**
     * A user's free-form value copied into an object the way Helm's {@code toYaml} writes it: map
     * keys sorted, whole numbers as integers (a file's 5557.0 is the port 5557), a fresh copy.
     */
    static Object verbatim(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), verbatim(v)));
            return new LinkedHashMap<>(sorted);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(item -> copy.add(verbatim(item)));
            return copy;
        }
        if (value instanceof Double || value instanceof Float) {
            return ValueText.integer(value).<Object>map(x -> x).orElse(value);
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> verbatimList(List<Object> list) {
        return (List<Object>) verbatim(list);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> verbatimMap(Map<String, Object> map) {
        return (Map<String, Object>) verbatim(map);
    }

    static Map<String, Object> rule(List<Object> apiGroups, List<Object> resources, List<Object> verbs) {
        return map("apiGroups", apiGroups, "resources", resources, "verbs", verbs);
    }

    static Map<String, Object> subject(String serviceAccount, String namespace) {
        return map("kind", "ServiceAccount", "name", serviceAccount, "namespace", namespace == null ? OMIT : namespace);
    }

    static Map<String, Object> roleRef(String kind, String name) {
        return map("apiGroup", "rbac.authorization.k8s.io", "kind", kind, "name", name);
    }
}
