package epp.cli;

import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Go's `time.ParseDuration` syntax: `50ms`, `5s`, `1m30s`, `1.5h`, `-2s`, `0`. */
public final class GoDuration implements ITypeConverter<Duration> {
    private static final Pattern COMPONENT = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        var matcher = COMPONENT.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length() && matcher.find(at) && matcher.start() == at) {
            String number = matcher.group(1);
            if (number.isEmpty() || number.equals(".")) {
                throw invalid(text);
            }
            nanos += Double.parseDouble(number) * nanosPer(matcher.group(2));
            at = matcher.end();
        }
        if (at == 0 || at != s.length()) {
            throw invalid(text);
        }
        long rounded = Math.round(nanos);
        return Duration.ofNanos(negative ? -rounded : rounded);
    }

    /** Go's `Duration.String()`: `0s`, `50ms`, `1.5s`, `1m30s`, `1h0m0s`. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + decimal(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + decimal(n, 1_000_000) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = decimal(n % 60_000_000_000L, 1_000_000_000) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    /** {@code value / unit} with the fraction's trailing zeros dropped, as Go prints it. */
    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", fraction).substring(1).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("invalid duration \"" + text + "\" (use Go syntax, e.g. 50ms, 5s, 1m30s)");
    }
}
