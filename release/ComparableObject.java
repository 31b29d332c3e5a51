package release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object as a person compares two versions of it: without what the server maintains
 * (managedFields, resourceVersion, uid, creationTimestamp, generation, selfLink, status), keys sorted.
 */
final class ComparableObject {
    private static final java.util.Set<String> SERVER_METADATA =
            java.util.Set.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink");

    private ComparableObject() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> object) {
        var copy = new LinkedHashMap<String, Object>(object);
        copy.remove("status");
        if (copy.get("metadata") instanceof Map<?, ?> meta) {
            var metadata = new LinkedHashMap<>((Map<String, Object>) meta);
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof Map<?, ?> annotations && annotations.isEmpty()) {
                metadata.remove("annotations");
            }
            copy.put("metadata", metadata);
        }
        return sorted(copy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> map) {
        var out = new TreeMap<String, Object>();
        map.forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sortedValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return sorted((Map<String, Object>) m);
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(ComparableObject::sortedValue).toList();
        }
        if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
            return n.longValue(); // 1 (Integer) and 1 (Long) read back from different parsers are the same value
        }
        return value;
    }
}
