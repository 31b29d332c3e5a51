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
