package release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which user values an upgrade keeps (release.md §2.7 / values.md §2.7). */
public enum ValuesReuse {
    /** Reuse the previous values only when no values were given. */
    DEFAULT,
    /** `--reset-values`: only the new values. */
    RESET,
    /** `--reuse-values`: new values over the previous ones. pool always uses the current chart's defaults (see below). */
    REUSE,
    /** `--reset-then-reuse-values`: new values over the previous ones, current chart defaults. */
    RESET_THEN_REUSE;

    /**
     * The user values of the new revision. Helm's --reuse-values also keeps the old chart's defaults,
     * which drops new defaults (helm#9000); pool has one chart, so both reuse modes mean reset-then-reuse.
     */
    Map<String, Object> userValues(Map<String, Object> previous, Map<String, Object> given, boolean valuesGiven) {
        return switch (this) {
            case RESET -> given;
            case REUSE, RESET_THEN_REUSE -> merge(previous, given);
            case DEFAULT -> valuesGiven ? given : previous;
        };
    }

    /** Maps merge key by key; anything else (lists included) is replaced by the newer value. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        var out = new LinkedHashMap<String, Object>(base);
        over.forEach((k, v) -> {
            if (v instanceof Map<?, ?> vm && out.get(k) instanceof Map<?, ?> bm) {
                out.put(k, merge((Map<String, Object>) bm, (Map<String, Object>) vm));
            } else {
                out.put(k, v instanceof List<?> l ? new java.util.ArrayList<Object>(l) : v);
            }
        });
        return out;
    }
}
