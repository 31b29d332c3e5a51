package release;

import java.util.List;
import java.util.Map;
import values.Coalesce;

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
    Map<String, Object> userValues(Map<String, Object> previous, Map<String, Object> given, boolean valuesGiven, List<String> warnings) {
        return switch (this) {
            case RESET -> given;
            case REUSE, RESET_THEN_REUSE -> Coalesce.coalesceTables(given, previous, warnings);
            case DEFAULT -> valuesGiven ? given : previous;
        };
    }
}
