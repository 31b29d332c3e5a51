package chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import values.ValuesException;
import values.Yaml;

/**
 * Compares two YAML streams the way the conformance README says: objects matched by
 * apiVersion/kind/namespace/name, parsed trees compared, multi-line strings that are YAML compared
 * parsed, numbers compared by value. On the expected side it applies the two documented differences
 * the shared fixtures do not carry: the reference chart's version label "0.0.0" stands for pool's own
 * version, and the EPP's pass-through flags, two arguments in the reference ({@code --v}, {@code "1"}),
 * are one ({@code --v=1}; README "Differences from the upstream chart" 10). Test support, not a test.
 */
final class ObjectsByMeaning {
    static final String REFERENCE_CHART_VERSION = "0.0.0";
    /**
     * The EPP flags the reference chart itself writes with a separate value (--tracing's fix is in the
     * fixtures already); every other {@code --name value} pair is a pass-through flag.
     */
    static final Set<String> CHART_VALUE_FLAGS = Set.of("--pool-name", "--pool-namespace", "--pool-group", "--zap-encoder",
            "--config-file", "--total-queued-requests-metric", "--kv-cache-usage-percentage-metric", "--lora-info-metric",
            "--tracing");

    private ObjectsByMeaning() {}

    /** Every difference, one per line; empty when the streams mean the same objects. */
    static List<String> differences(String expectedStream, String actualStream) {
        Map<String, Object> expected = byKey(expectedStream, true);
        Map<String, Object> actual = byKey(actualStream, false);
        List<String> differences = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!actual.containsKey(key)) {
                differences.add("missing object " + key);
            } else {
                diff(key, expected.get(key), actual.get(key), differences);
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                differences.add("unexpected object " + key);
            }
        }
        return differences;
    }

    static List<Map<String, Object>> documents(String stream) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : Yaml.readAll(stream)) {
            if (doc instanceof Map<?, ?> m && !m.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) m;
                docs.add(object);
            }
        }
        return docs;
    }

    private static Map<String, Object> byKey(String stream, boolean expectedSide) {
        Map<String, Object> objects = new TreeMap<>();
        for (Map<String, Object> doc : documents(stream)) {
            if (expectedSide) {
                joinPassThroughFlags(doc);
            }
            Object normal = normalise(doc, expectedSide);
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) doc.getOrDefault("metadata", Map.of());
            String key = doc.get("apiVersion") + " " + doc.get("kind") + " "
                    + Objects.toString(metadata.get("namespace"), "") + "/" + metadata.get("name");
            if (objects.put(key, normal) != null) {
                throw new IllegalArgumentException("two objects with the key " + key);
            }
        }
        return objects;
    }

    /** The reference's {@code --name}, {@code value} pairs of pass-through flags as pool's single {@code --name=value}. */
    @SuppressWarnings("unchecked")
    private static void joinPassThroughFlags(Map<String, Object> doc) {
        if (!"Deployment".equals(doc.get("kind")) || !(at(doc, "spec", "template", "spec", "containers") instanceof List<?> containers)) {
            return;
        }
        for (Object container : containers) {
            if (container instanceof Map<?, ?> c && "epp".equals(c.get("name")) && c.get("args") instanceof List<?> args) {
                List<Object> joined = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    String arg = String.valueOf(args.get(i));
                    boolean pair = arg.startsWith("--") && !arg.contains("=") && !CHART_VALUE_FLAGS.contains(arg)
                            && i + 1 < args.size() && !String.valueOf(args.get(i + 1)).startsWith("--");
                    joined.add(pair ? arg + "=" + args.get(++i) : args.get(i));
                }
                ((Map<String, Object>) c).put("args", joined);
            }
        }
    }

    private static Object at(Map<String, Object> doc, String... path) {
        Object current = doc;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current;
    }

    private static Object normalise(Object value, boolean expectedSide) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> {
                Object normal = normalise(v, expectedSide);
                if (expectedSide && "app.kubernetes.io/version".equals(k) && REFERENCE_CHART_VERSION.equals(normal)) {
                    normal = InferencePoolChart.version();
                }
                out.put(String.valueOf(k), normal);
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> out.add(normalise(item, expectedSide)));
            return out;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? (Object) (long) d : (Object) d;
        }
        if (value instanceof String s && s.contains("\n")) {
            try {
                return new ParsedYamlText(normalise(Yaml.readAll(s), expectedSide));
            } catch (ValuesException notYaml) {
                return s;
            }
        }
        return value;
    }

    /** A multi-line string compared as the YAML it holds. */
    private record ParsedYamlText(Object parsed) {}

    private static void diff(String path, Object expected, Object actual, List<String> out) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            for (Object k : e.keySet()) {
                if (!a.containsKey(k)) {
                    out.add(path + "." + k + ": missing (expected " + e.get(k) + ")");
                } else {
                    diff(path + "." + k, e.get(k), a.get(k), out);
                }
            }
            for (Object k : a.keySet()) {
                if (!e.containsKey(k)) {
                    out.add(path + "." + k + ": unexpected " + a.get(k));
                }
            }
        } else if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                diff(path + "[" + i + "]", e.get(i), a.get(i), out);
            }
        } else if (!Objects.equals(expected, actual)) {
            out.add(path + ": expected " + expected + " but was " + actual);
        }
    }

}
