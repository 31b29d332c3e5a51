package commands.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Value paths for `--set KEY=VALUE` from the chart's schema (chart/values.schema.json in pool's
 * jar): the next segment of a path (`inferencePool.mo` → `inferencePool.modelServers.`,
 * `inferencePool.modelServerType=`), and after `=` the values an enumeration or boolean allows.
 */
final class ValuePaths {
    private final Map<String, Object> schema;

    ValuePaths(Map<String, Object> schema) {
        this.schema = schema;
    }

    static ValuePaths fromChart() {
        return new ValuePaths(chart.InferencePoolChart.schema());
    }

    /** Candidates for one `--set` argument; only its last comma-separated assignment is completed. */
    Candidates complete(String argument) {
        int comma = argument.lastIndexOf(',');
        String before = argument.substring(0, comma + 1);
        String assignment = argument.substring(comma + 1);
        int equals = assignment.indexOf('=');
        if (equals >= 0) {
            String path = assignment.substring(0, equals);
            var values = allowedValues(node(path));
            return Candidates.matching(argument, values.stream().map(v -> before + path + "=" + v).toList(), Candidates.NO_FILES);
        }
        int dot = assignment.lastIndexOf('.');
        String parentPath = dot < 0 ? "" : assignment.substring(0, dot);
        var parent = parentPath.isEmpty() ? schema : node(parentPath);
        var out = new ArrayList<String>();
        properties(parent).forEach((key, child) -> {
            String full = before + (parentPath.isEmpty() ? "" : parentPath + ".") + key;
            out.add(full + (isObject(child) ? "." : "="));
        });
        return Candidates.matching(argument, out, Candidates.NO_SPACE | Candidates.NO_FILES);
    }

    private Map<String, Object> node(String path) {
        Map<String, Object> current = schema;
        for (String segment : path.split("\\.", -1)) {
            var child = properties(current).get(segment);
            if (!(child instanceof Map<?, ?>)) {
                return Map.of();
            }
            current = asMap(child);
        }
        return current;
    }

    private static Map<String, Object> properties(Map<String, Object> node) {
        return node != null && node.get("properties") instanceof Map<?, ?> p ? asMap(p) : Map.of();
    }

    private static boolean isObject(Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            return false;
        }
        Object type = m.get("type");
        return m.get("properties") != null || "object".equals(type) || type instanceof List<?> l && l.contains("object") && !l.contains("string");
    }

    private static List<String> allowedValues(Map<String, Object> node) {
        if (node.get("enum") instanceof List<?> allowed) {
            return allowed.stream().filter(java.util.Objects::nonNull).map(String::valueOf).toList();
        }
        Object type = node.get("type");
        if ("boolean".equals(type) || type instanceof List<?> l && l.contains("boolean")) {
            return List.of("true", "false");
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
