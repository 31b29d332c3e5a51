package values;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import common.GoJsonString;
import common.GoJsonString.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON with Go's encoding/json semantics for Helm values: every number reads as a Double
 * (float64), and writing is compact with numbers and string escapes as Go prints them. Go sorts
 * map keys but writes struct fields in declaration order: {@link #write} sorts every map's keys,
 * {@link #writeInOrder} keeps iteration order for callers (the Helm release record) that build
 * struct-like objects as LinkedHashMaps in field order and pass true maps through
 * {@link #sortedDeep}.
 */
public final class Json {
    /**
     * Read with jackson-core's streaming parser, not an ObjectMapper: the chart's schema is read this
     * way on every render, and a cold ObjectMapper costs more than `pool template` spends parsing.
     */
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** One JSON value as a Helm value; throws a usage ValuesException with the parser's reason. */
    static Object read(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new ValuesException("unexpected end of JSON input", true);
            }
            Object value = value(parser);
            for (int i = (int) parser.currentLocation().getCharOffset(); i < json.length(); i++) {
                char c = json.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    throw new ValuesException("invalid character '" + c + "' after top-level value", true); // Go's words
                }
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ValuesException(e.getOriginalMessage(), true, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, value(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                var list = new ArrayList<Object>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double d = parser.getDoubleValue();
                if (Double.isInfinite(d)) {
                    throw new ValuesException("json: cannot unmarshal number " + parser.getText() + " into Go value of type float64", true);
                }
                return d;
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return parser.getText();
            }
        }
    }

    /** Compact JSON as Go's json.Marshal prints a Helm value (a Go map: keys sorted). */
    public static String write(Object value) {
        var out = new StringBuilder();
        write(value, true, out);
        return out.toString();
    }

    /** Compact JSON as Go's json.Marshal prints a struct: map entries in iteration order. */
    public static String writeInOrder(Object value) {
        var out = new StringBuilder(4096);
        write(value, false, out);
        return out.toString();
    }

    /** A copy of a value tree with every map's keys in Go's map order, so {@link #writeInOrder} prints it as Go would. */
    public static Object sortedDeep(Object value) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new LinkedHashMap<String, Object>();
            sortedKeys(map).forEach(k -> sorted.put(k, sortedDeep(map.get(k))));
            return sorted;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            list.forEach(v -> copy.add(sortedDeep(v)));
            return copy;
        }
        return value;
    }

    /** {@link #sortedDeep} for a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> sortedMap(Map<String, Object> map) {
        return (Map<String, Object>) sortedDeep(map);
    }

    private static List<String> sortedKeys(Map<?, ?> map) {
        var keys = new ArrayList<String>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        keys.sort(GoFormat::compareUtf8);
        return keys;
    }

    private static void write(Object value, boolean sortKeys, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            GoJsonString.appendQuoted(out, s, Dialect.ENCODING_JSON);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Double d) {
            out.append(GoFormat.jsonNumber(d));
        } else if (value instanceof Float f) {
            out.append(GoFormat.jsonNumber(f));
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Object key : sortKeys ? sortedKeys(map) : map.keySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                GoJsonString.appendQuoted(out, String.valueOf(key), Dialect.ENCODING_JSON);
                out.append(':');
                write(map.get(key), sortKeys, out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), sortKeys, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
