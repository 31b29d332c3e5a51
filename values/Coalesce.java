package values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's coalescing of the user values over a chart's defaults ({@code .Values}, values.md 2.6),
 * as chartutil's coalesceValues and coalesceTablesFullKey do it:
 * <ul>
 *   <li>a key the user did not set takes the chart default;</li>
 *   <li>a user null deletes the key, a whole subtree too; a top-level null for a key the chart
 *       does not have is kept ({@code key: null});</li>
 *   <li>map against map merges recursively with the same rules;</li>
 *   <li>a user list replaces the default entirely (also one built by {@code --set list[1]=x});</li>
 *   <li>a user scalar over a default map wins (nested: with a warning); a user map over a default
 *       scalar wins, with a warning.</li>
 * </ul>
 * Warnings use Helm's words with the value path the user would type in {@code --set}:
 * {@code warning: destination for image.repo is a table. Ignoring non-table value (nginx)}.
 *
 * <p>Value types are those of {@link Yaml}. The result is a new map (defaults' key order first,
 * then keys only the user has); the inputs are never changed.
 */
public final class Coalesce {
    private Coalesce() {}

    public static Map<String, Object> coalesce(Map<String, Object> chartDefaults, Map<String, Object> userValues, List<String> warnings) {
        Map<String, Object> user = deepCopyMap(userValues == null ? Map.of() : userValues);
        Map<String, Object> defaults = deepCopyMap(chartDefaults == null ? Map.of() : chartDefaults);
        var result = new LinkedHashMap<String, Object>();
        for (var entry : defaults.entrySet()) {
            String key = entry.getKey();
            Object chartValue = entry.getValue();
            if (!user.containsKey(key)) {
                result.put(key, chartValue);
                continue;
            }
            Object userValue = user.remove(key);
            if (userValue == null) {
                continue; // null deletes the chart default
            }
            if (userValue instanceof Map<?, ?> userMap) {
                if (chartValue instanceof Map<?, ?> chartMap) {
                    userValue = coalesceTables(Yaml.castMap(userMap), Yaml.castMap(chartMap), key, warnings);
                } else if (chartValue != null) {
                    warnings.add("warning: skipped value for " + key + ": Not a table.");
                }
            }
            result.put(key, userValue);
        }
        result.putAll(user); // keys the chart does not have, nulls included
        return result;
    }

    /**
     * Helm's CoalesceTables: {@code overrides} over {@code base} with the nested rules above at
     * every level, the top one included (a null in {@code overrides} always deletes the key). This
     * is how upgrade's {@code --reuse-values} and {@code --reset-then-reuse-values} put the new
     * user values over the previous release's config. Returns a new map; the inputs are not changed.
     */
    public static Map<String, Object> coalesceTables(Map<String, Object> overrides, Map<String, Object> base, List<String> warnings) {
        return coalesceTables(deepCopyMap(overrides), deepCopyMap(base), "", warnings);
    }

    /** coalesceTablesFullKey: {@code user} over {@code chart}, merged into a new map. */
    private static Map<String, Object> coalesceTables(Map<String, Object> user, Map<String, Object> chart, String path, List<String> warnings) {
        for (var entry : user.entrySet()) {
            if (entry.getValue() == null) {
                chart.put(entry.getKey(), null);
            }
        }
        var merged = new LinkedHashMap<String, Object>();
        for (var entry : chart.entrySet()) {
            String key = entry.getKey();
            Object chartValue = entry.getValue();
            String fullKey = path.isEmpty() ? key : path + "." + key;
            if (!user.containsKey(key)) {
                merged.put(key, chartValue);
                continue;
            }
            Object userValue = user.remove(key);
            if (userValue == null) {
                continue;
            }
            if (chartValue instanceof Map<?, ?> chartMap) {
                if (userValue instanceof Map<?, ?> userMap) {
                    userValue = coalesceTables(Yaml.castMap(userMap), Yaml.castMap(chartMap), fullKey, warnings);
                } else {
                    warnings.add("warning: cannot overwrite table with non table for " + fullKey + " (" + GoFormat.value(chartValue) + ")");
                }
            } else if (userValue instanceof Map && chartValue != null) {
                warnings.add("warning: destination for " + fullKey + " is a table. Ignoring non-table value (" + GoFormat.value(chartValue) + ")");
            }
            merged.put(key, userValue);
        }
        merged.putAll(user);
        return merged;
    }

    /** A deep copy of a Helm value: new maps and lists, shared immutable scalars. */
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopyMap(Yaml.castMap(map));
        } else if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            list.forEach(item -> copy.add(deepCopy(item)));
            return copy;
        }
        return value;
    }

    private static Map<String, Object> deepCopyMap(Map<String, Object> map) {
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> copy.put(k, deepCopy(v)));
        return copy;
    }
}
