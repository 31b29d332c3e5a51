package chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds user values for tests from dotted paths, and renders them. Test support, not a test. */
final class TestValues {
    private TestValues() {}

    /** {@code of("a.b", 1L, "a.c", "x")} → {a: {b: 1, c: x}}, plus the required matchLabels unless given. */
    static Map<String, Object> of(Object... pathsAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        put(values, "inferencePool.modelServers.matchLabels.app", "m");
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            put(values, (String) pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> values, String path, Object value) {
        String[] segments = path.split("\\.");
        Map<String, Object> current = values;
        for (int i = 0; i < segments.length - 1; i++) {
            current = (Map<String, Object>) current.computeIfAbsent(segments[i], k -> new LinkedHashMap<>());
        }
        current.put(segments[segments.length - 1], value);
    }

    static Map<String, Object> merged(Map<String, Object> user) {
        return InferencePoolChart.mergedValues(user, new ArrayList<>());
    }

    static Manifest render(String release, Map<String, Object> user) {
        return InferencePoolChart.render(new ReleaseInfo(release, "default", 1, true), merged(user));
    }

    static Map<String, Object> object(Manifest m, String kind, String name) {
        return m.objects().stream()
                .filter(o -> o.kind().equals(kind) && o.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + m))
                .object();
    }

    /** The value at a path like {@code spec.template.spec.containers[0].args}. */
    static Object at(Object root, String path) {
        Object current = root;
        for (String segment : path.split("\\.")) {
            String key = segment;
            Integer index = null;
            if (segment.endsWith("]")) {
                key = segment.substring(0, segment.indexOf('['));
                index = Integer.parseInt(segment.substring(segment.indexOf('[') + 1, segment.length() - 1));
            }
            current = ((Map<?, ?>) current).get(key);
            if (index != null) {
                current = ((List<?>) current).get(index);
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static List<Object> args(Manifest m, String epp) {
        return (List<Object>) at(object(m, "Deployment", epp), "spec.template.spec.containers[0].args");
    }
}
