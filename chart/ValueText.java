package chart;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values read and printed the way the chart's Go templates do, whatever Java type the value
 * arrived as: {@code --set} gives Long, files and {@code --set-json} give Double (float64 like
 * Helm), {@code --set-string} gives String.
 */
final class ValueText {
    private ValueText() {}

    /** The text Go's {@code {{ .Values.x }}} prints: 3 and 3.0 both print "3", 1e6 prints "1e+06". */
    static String go(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return goFloat(d);
        }
        if (value instanceof Float f) {
            return goFloat(f.doubleValue());
        }
        return value.toString();
    }

    /** The value for a message: strings quoted, everything else as Go prints it. */
    static String quoted(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return value.toString();
        }
        return value == null ? "null" : go(value);
    }

    /**
     * A whole number from Long/Integer/integral Double or a string of digits (with optional sign),
     * as the templates' {@code int} and YAML printing accept it; empty for anything else.
     */
    static Optional<Long> integer(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return Optional.of(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Optional.of((long) d) : Optional.empty();
        }
        if (value instanceof String s && s.matches("[-+]?[0-9]{1,18}")) {
            return Optional.of(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
        }
        return Optional.empty();
    }

    /** A number from any numeric type or a decimal string ("0.1"); empty for anything else. */
    static Optional<Double> number(Object value) {
        if (value instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (value instanceof String s && s.trim().matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            return Optional.of(Double.parseDouble(s.trim()));
        }
        return Optional.empty();
    }

    /** Go's truthiness in {@code if}: false, 0, "", null and empty maps/lists are false. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    /**
     * Go's {@code %v} of a float64 (strconv 'g' with shortest digits): exponent form when the
     * decimal exponent is below -4 or at least 6, so 100000.0 prints "100000" and 1e6 "1e+06".
     */
    static String goFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int decimalPoint = digits.length() - decimal.scale(); // value = 0.<digits> x 10^decimalPoint
        int exponent = decimalPoint - 1;
        if (exponent < -4 || exponent >= 6) {
            return sign + exponentForm(digits, exponent);
        }
        return sign + decimal.toPlainString();
    }

    private static String exponentForm(String digits, int exponent) {
        StringBuilder out = new StringBuilder().append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }
}
