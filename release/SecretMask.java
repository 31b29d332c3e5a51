package release;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hides the values of a Secret's `data` and `stringData` in a diff while still showing which keys
 * were added, removed or changed: each value becomes `*** (N bytes)`, and a value that differs
 * from the other side's becomes `*** (N bytes, changed)` on the new side.
 */
final class SecretMask {
    private SecretMask() {}

    /** [before, after], either may be null. */
    static List<Map<String, Object>> mask(Map<String, Object> before, Map<String, Object> after) {
        return java.util.Arrays.asList(maskOne(before, null), maskOne(after, before));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> maskOne(Map<String, Object> secret, Map<String, Object> other) {
        if (secret == null) {
            return null;
        }
        var copy = new TreeMap<String, Object>(secret);
        for (String field : List.of("data", "stringData")) {
            if (!(secret.get(field) instanceof Map<?, ?> values)) {
                continue;
            }
            var otherValues = other != null && other.get(field) instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.<String, Object>of();
            var masked = new TreeMap<String, Object>();
            ((Map<String, Object>) values).forEach((key, value) -> {
                boolean changed = other != null && otherValues.containsKey(key) && !String.valueOf(value).equals(String.valueOf(otherValues.get(key)));
                masked.put(key, "*** (" + bytes(field, value) + " bytes" + (changed ? ", changed" : "") + ")");
            });
            copy.put(field, masked);
        }
        return copy;
    }

    private static int bytes(String field, Object value) {
        String text = String.valueOf(value);
        if (field.equals("data")) {
            try {
                return Base64.getDecoder().decode(text).length;
            } catch (IllegalArgumentException e) {
                return text.length();
            }
        }
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
