package release;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON the way Go's encoding/json does (compact; `<`, `>`, `&`, U+2028, U+2029 escaped;
 * float64 numbers without a trailing ".0"). Map entries are written in iteration order: Go
 * sorts map keys but writes struct fields in declaration order, so callers build struct-like
 * objects as LinkedHashMaps in field order and pass true maps through {@link #sortedDeep}.
 */
public final class GoJson {
    private GoJson() {}

    public static String write(Object value) {
        var out = new StringBuilder(4096);
        write(value, out);
        return out.toString();
    }

    /** A copy of a value tree with every map's keys sorted, as Go marshals maps. */
    public static Object sortedDeep(Object value) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedDeep(v)));
            return new java.util.LinkedHashMap<>(sorted);
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
    static Map<String, Object> sortedMap(Map<String, Object> map) {
        return (Map<String, Object>) sortedDeep(map);
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Double || value instanceof Float) {
            out.append(float64(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            out.append(float64(d.doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Go's float64 encoding: plain decimal in [1e-6, 1e21), otherwise exponent form like 1e+21. */
    static String float64(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON cannot hold " + d);
        }
        if (d == 0) {
            return "0";
        }
        var decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        String sci = decimal.toString().replace("E", "e"); // Go's json trims the exponent: 1e+21, 1.5e-7
        if (!sci.contains("e")) {
            return sci;
        }
        int e = sci.indexOf('e');
        String mantissa = sci.substring(0, e);
        String exp = sci.substring(e + 1);
        if (!exp.startsWith("-") && !exp.startsWith("+")) {
            exp = "+" + exp;
        }
        return mantissa + "e" + exp;
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
