package epp.server;

import java.math.BigDecimal;

/**
 * A float64 as Go's Prometheus client writes it (`writeFloat`: 1, 0, -1, NaN, ±Inf spelled out,
 * else `strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits that read back as the same
 * double, in exponent form when the decimal exponent is below -4 or at least 6 (`1.048576e+06`,
 * `1e-05`), otherwise plain (`0.0001`, `32778`, `0.5`), never a trailing `.0`.
 */
final class GoFloat {
    private GoFloat() {}

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        // Double.toString gives the shortest decimal that reads back as the same double.
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        var text = new StringBuilder(24);
        if (value < 0) {
            text.append('-');
        }
        if (exponent < -4 || exponent >= 6) {
            text.append(digits.charAt(0));
            if (digits.length() > 1) {
                text.append('.').append(digits, 1, digits.length());
            }
            int magnitude = Math.abs(exponent);
            text.append(exponent < 0 ? "e-" : "e+").append(magnitude < 10 ? "0" : "").append(magnitude);
        } else if (exponent < 0) {
            text.append("0.").append("0".repeat(-exponent - 1)).append(digits);
        } else if (digits.length() <= exponent + 1) {
            text.append(digits).append("0".repeat(exponent + 1 - digits.length()));
        } else {
            text.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return text.toString();
    }

    /** A number as the Java client printed it, in Go's form; anything else unchanged. */
    static String reformat(String javaNumber) {
        try {
            return format(Double.parseDouble(javaNumber));
        } catch (NumberFormatException notANumber) {
            return javaNumber;
        }
    }
}
