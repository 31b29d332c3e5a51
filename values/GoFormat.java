package values;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's ways of printing values, used where pool repeats Helm's output or error text: fmt's {@code %v},
 * encoding/json's and strconv's float formats, and Go's type names ({@link common.GoQuote} quotes).
 */
final class GoFormat {
    private GoFormat() {}

    /** The Go type a Helm value of this Java type has, as Go names it in interface-conversion errors. */
    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        } else if (value instanceof Long) {
            return "int64";
        } else if (value instanceof Double) {
            return "float64";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof List) {
            return "[]interface {}";
        } else if (value instanceof Map) {
            return "map[string]interface {}";
        }
        return value.getClass().getSimpleName();
    }

    /** fmt's {@code %v} of a Helm value: {@code map[a:1 b:[x y]]}, {@code <nil>}, {@code 1e+06}. */
    static String value(Object value) {
        if (value == null) {
            return "<nil>";
        } else if (value instanceof Double d) {
            return formatG(d);
        } else if (value instanceof List<?> list) {
            var parts = new ArrayList<String>();
            list.forEach(item -> parts.add(value(item)));
            return "[" + String.join(" ", parts) + "]";
        } else if (value instanceof Map<?, ?> map) {
            var keys = new ArrayList<String>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            keys.sort(GoFormat::compareUtf8);
            var parts = new ArrayList<String>();
            keys.forEach(k -> parts.add(k + ":" + value(map.get(k))));
            return "map[" + String.join(" ", parts) + "]";
        }
        return String.valueOf(value);
    }

    /** Go's string order (bytewise UTF-8), which is code point order. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** encoding/json's number text for a float64: {@code 8080}, {@code 1.5}, {@code 1e+21}, {@code 1e-7}. */
    static String jsonNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ValuesException("json: unsupported value: " + formatG(d), false);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d); // the common case (ports, replicas), exact and shortest
        }
        var digits = Digits.shortest(d);
        double abs = Math.abs(d);
        if (abs < 1e-6 || abs >= 1e21) {
            String e = digits.exponentForm();
            // encoding/json shortens e-07 to e-7
            int n = e.length();
            if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
                e = e.substring(0, n - 2) + e.charAt(n - 1);
            }
            return e;
        }
        return digits.plainForm();
    }

    /** strconv.FormatFloat(d, 'g', -1, 64), also fmt's {@code %v}: {@code 1.5}, {@code 1e+06}, {@code 1.2345675e+06}. */
    static String formatG(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        } else if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        } else if (d == Math.rint(d) && Math.abs(d) < 1e6) {
            return Long.toString((long) d);
        }
        return gForm(Digits.shortest(d));
    }

    /** strconv.FormatFloat(d, 'g', -1, 32): the float32 nearest d, shortest (how go-yaml turns a float key into text). */
    static String formatG32(double d) {
        float f = (float) d;
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        return gForm(Digits.shortest(f, true));
    }

    /** strconv's 'g' with the shortest digits: %e when the exponent is < -4 or >= 6, else plain. */
    private static String gForm(Digits digits) {
        int exp = digits.pointPosition - 1;
        return exp < -4 || exp >= 6 ? digits.exponentForm() : digits.plainForm();
    }

    /** The shortest decimal digits that read back as the same double (or float32), as Go's strconv picks them. */
    record Digits(boolean negative, String digits, int pointPosition) {
        static Digits shortest(double d) {
            return shortest(d, false);
        }

        static Digits shortest(double d, boolean float32) {
            BigDecimal exact = new BigDecimal(Math.abs(d));
            double target = Math.abs(d);
            for (int precision = 1; precision <= 17; precision++) {
                BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
                BigDecimal best = null;
                BigDecimal unit = BigDecimal.ONE.movePointLeft(rounded.scale());
                for (BigDecimal candidate : List.of(rounded, rounded.subtract(unit), rounded.add(unit))) {
                    boolean readsBack = float32 ? candidate.floatValue() == (float) target : candidate.doubleValue() == target;
                    if (candidate.signum() > 0 && readsBack
                            && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                        best = candidate;
                    }
                }
                if (best != null) {
                    return of(d < 0, best);
                }
            }
            return of(d < 0, exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
        }

        private static Digits of(boolean negative, BigDecimal value) {
            BigDecimal stripped = value.stripTrailingZeros();
            String digits = stripped.unscaledValue().toString();
            int pointPosition = digits.length() - stripped.scale();
            return new Digits(negative, digits, pointPosition);
        }

        /** d.ddde±XX, the exponent with at least two digits. */
        String exponentForm() {
            var out = new StringBuilder(negative ? "-" : "");
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exp = pointPosition - 1;
            out.append('e').append(exp < 0 ? '-' : '+');
            int absExp = Math.abs(exp);
            if (absExp < 10) {
                out.append('0');
            }
            return out.append(absExp).toString();
        }

        /** Plain decimal without exponent or trailing zeros. */
        String plainForm() {
            var out = new StringBuilder(negative ? "-" : "");
            if (pointPosition <= 0) {
                out.append("0.").append("0".repeat(-pointPosition)).append(digits);
            } else if (pointPosition >= digits.length()) {
                out.append(digits).append("0".repeat(pointPosition - digits.length()));
            } else {
                out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digits.length());
            }
            return out.toString();
        }
    }
}
