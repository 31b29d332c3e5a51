package values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pool's addition to Helm (values.md): user values under keys the chart's defaults do not have,
 * e.g. {@code inferenceExtention.replicas}, each with the closest key the chart does have. A map
 * whose default is empty ({@code {}}) or null is free-form (labels, annotations, custom
 * config): keys under it are never unknown. Callers warn, or fail under {@code --strict}.
 */
public final class UnknownKeys {
    private UnknownKeys() {}

    /** One unknown key: its path, one value path the user set under it, and the closest known sibling (or null). */
    public record Finding(String path, String setPath, String closestKnown) {
        /** {@code unknown value inferenceExtention.replicas: the chart has no "inferenceExtention"; did you mean "inferenceExtension"?} */
        public String message() {
            int dot = path.lastIndexOf('.');
            String parent = dot < 0 ? "the chart" : "the chart's " + path.substring(0, dot);
            String key = path.substring(dot + 1);
            return "unknown value " + setPath + ": " + parent + " has no " + GoFormat.quote(key)
                    + (closestKnown == null ? "" : "; did you mean " + GoFormat.quote(closestKnown) + "?");
        }
    }

    /** Every unknown key in {@code userValues}, in the user map's order. */
    public static List<Finding> find(Map<String, Object> chartDefaults, Map<String, Object> userValues) {
        var findings = new ArrayList<Finding>();
        collect(chartDefaults, userValues, "", findings);
        return findings;
    }

    private static void collect(Map<?, ?> chart, Map<?, ?> user, String prefix, List<Finding> findings) {
        if (chart.isEmpty()) {
            return;
        }
        for (var entry : user.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String path = prefix + key;
            if (!chart.containsKey(key)) {
                findings.add(new Finding(path, firstLeafPath(path, entry.getValue()), closest(key, chart)));
            } else if (chart.get(key) instanceof Map<?, ?> chartChild && entry.getValue() instanceof Map<?, ?> userChild) {
                collect(chartChild, userChild, path + ".", findings);
            }
        }
    }

    private static String firstLeafPath(String path, Object value) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            var first = map.entrySet().iterator().next();
            return firstLeafPath(path + "." + first.getKey(), first.getValue());
        }
        return path;
    }

    /** The known key nearest in edit distance (ignoring case), if it is near enough to be a likely typo. */
    private static String closest(String key, Map<?, ?> chart) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object candidate : chart.keySet()) {
            String known = String.valueOf(candidate);
            int distance = editDistance(key.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, Math.min(key.length(), best.length()) / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
