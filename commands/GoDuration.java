package commands;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as Helm and kubectl write them: `5m0s`, `30s`, `1h30m`, `500ms`; a bare number means seconds. */
public final class GoDuration implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            millis += (long) (n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                default -> 3_600_000;
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new CommandLine.TypeConversionException("invalid duration \"" + text + "\": use forms like 30s, 5m0s or 1h");
        }
        return Duration.ofMillis(millis);
    }

    /** `5m0s` */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return (s >= 3600 ? s / 3600 + "h" : "") + (s >= 60 ? (s % 3600) / 60 + "m" : "") + s % 60 + "s";
    }
}
