package chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import values.ValuesException;
import values.Yaml;

/**
 * The chart's own files, shipped in pool's jar (the {@code //FILES} lines of pool.java):
 * {@code chart/values.yaml} (defaults) and {@code chart/values.schema.json}.
 */
final class ChartFiles {
    static final String VALUES = "chart/values.yaml";
    static final String SCHEMA = "chart/values.schema.json";

    private static Map<String, Object> defaults;
    private static Map<String, Object> schema;

    private ChartFiles() {}

    /** The defaults, parsed once with Helm's value types (numbers are Doubles); callers get a deep copy. */
    static synchronized Map<String, Object> defaults() {
        if (defaults == null) {
            defaults = Yaml.readValues(text(VALUES), VALUES);
        }
        return deepCopy(defaults);
    }

    /** The schema, parsed once; numbers are Doubles as in the defaults. Callers must not change it. */
    static synchronized Map<String, Object> schema() {
        if (schema == null) {
            schema = asMap(readJson(text(SCHEMA)));
        }
        return schema;
    }

    private static Object readJson(String json) {
        try {
            return Yaml.readJson(json);
        } catch (ValuesException e) {
            throw new IllegalStateException(SCHEMA + " in pool's jar is not valid JSON: " + e.getMessage(), e);
        }
    }

    static String text(String resource) {
        try (InputStream in = ChartFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from pool's classpath (a //FILES line of pool.java)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }
}
