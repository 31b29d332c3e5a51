package chart;

import java.util.List;
import java.util.Map;

/** Reads merged values by dotted path ({@code inferenceExtension.image.tag}), Go-template style. */
final class ValueReader {
    private final Map<String, Object> root;

    ValueReader(Map<String, Object> root) {
        this.root = root;
    }

    /** The value at the path, or null when any segment is missing or not a map. */
    Object get(String path) {
        Object current = root;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** As Go prints it; "" when missing. */
    String text(String path) {
        return ValueText.go(get(path));
    }

    /** As Go prints it, or the fallback when the value is missing or empty (sprig's {@code default}). */
    String textOr(String path, String fallback) {
        Object v = get(path);
        return ValueText.truthy(v) ? ValueText.go(v) : fallback;
    }

    boolean truthy(String path) {
        return ValueText.truthy(get(path));
    }

    /** A whole number (Long, integral Double or digits), or the fallback when missing or not one. */
    long integer(String path, long fallback) {
        return ValueText.integer(get(path)).orElse(fallback);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String path) {
        return get(path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String path) {
        return get(path) instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
