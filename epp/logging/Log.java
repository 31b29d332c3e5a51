package epp.logging;

import common.GoJsonString;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The EPP's one logging path: structured lines on stderr, JSON (`--zap-encoder json`, the keys of
 * zap's production encoder: level, ts, logger, caller, msg, then key/values) or console.
 * Verbosity follows logr: V(n) lines are written when n ≤ the configured verbosity (`-v`).
 * Configured once at start-up; the defaults (console, V=2) serve tests and tools.
 */
public final class Log {
    public static final int DEFAULT = 2;
    public static final int VERBOSE = 3;
    public static final int DEBUG = 4;
    public static final int TRACE = 5;

    private static volatile boolean json;
    private static volatile String timeEncoding = "rfc3339nano";
    private static volatile int verbosity = DEFAULT;
    private static volatile PrintStream out = System.err;

    private Log() {}

    public static void configure(boolean jsonEncoder, int verbosityLevel) {
        configure(jsonEncoder, verbosityLevel, "");
    }

    /** @param encoding `--zap-time-encoding`: epoch, millis, nano, iso8601, rfc3339, rfc3339nano ("" = rfc3339nano) */
    public static void configure(boolean jsonEncoder, int verbosityLevel, String encoding) {
        json = jsonEncoder;
        verbosity = verbosityLevel;
        timeEncoding = encoding.isEmpty() ? "rfc3339nano" : encoding;
    }

    /** Tests capture the output here. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static boolean enabled(int v) {
        return v <= verbosity;
    }

    public static void info(String msg, Object... keyValues) {
        write("info", msg, null, keyValues);
    }

    /** A logr V(n) info line: written only when n ≤ verbosity. */
    public static void v(int n, String msg, Object... keyValues) {
        if (enabled(n)) {
            write(n <= 0 ? "info" : "Level(-" + n + ")", msg, null, keyValues);
        }
    }

    public static void warn(String msg, Object... keyValues) {
        write("warn", msg, null, keyValues);
    }

    public static void error(String msg, Throwable error, Object... keyValues) {
        write("error", msg, error, keyValues);
    }

    private static void write(String level, String msg, Throwable error, Object[] keyValues) {
        var line = new StringBuilder(128);
        Instant now = Instant.now();
        String ts = timestamp(now);
        boolean numeric = timeEncoding.equals("epoch") || timeEncoding.equals("millis") || timeEncoding.equals("nano");
        if (json) {
            line.append("{\"level\":").append(quote(level)).append(",\"ts\":").append(numeric ? ts : quote(ts))
                    .append(",\"logger\":\"epp\",\"msg\":").append(quote(msg));
            if (error != null) {
                line.append(",\"error\":").append(quote(String.valueOf(error.getMessage())));
            }
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                line.append(',').append(quote(String.valueOf(keyValues[i]))).append(':').append(value(keyValues[i + 1]));
            }
            line.append('}');
        } else {
            line.append(ts).append('\t').append(level.toUpperCase()).append("\tepp\t").append(msg);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                line.append('\t').append(keyValues[i]).append('=').append(keyValues[i + 1]);
            }
            if (error != null) {
                line.append("\terror=").append(error.getMessage());
            }
        }
        out.println(line);
    }

    private static String timestamp(Instant t) {
        return switch (timeEncoding) {
            case "epoch" -> String.format("%d.%09d", t.getEpochSecond(), t.getNano());
            case "millis" -> String.format("%d.%06d", t.toEpochMilli(), t.getNano() % 1_000_000);
            case "nano" -> Long.toString(t.getEpochSecond() * 1_000_000_000L + t.getNano());
            case "iso8601" -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX").withZone(java.time.ZoneOffset.UTC).format(t);
            case "rfc3339" -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            default -> DateTimeFormatter.ISO_INSTANT.format(t);
        };
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        return GoJsonString.quote(s, GoJsonString.Dialect.ZAP);
    }
}
