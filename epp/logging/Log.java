package epp.logging;

import common.GoJsonString;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The EPP's one logging path: structured lines on stderr, JSON (`--zap-encoder json`, the keys of
 * zap's production encoder: level, ts, logger, caller, msg, then key/values) or console.
 * Verbosity follows logr: V(n) lines are written when n ≤ the configured verbosity (`-v`); their
 * level is `debug`. `caller` is zap's short caller (`server/EppRunner.java:85`: the last package
 * segment, the file, the line) of the first frame outside the logging code, so lines that
 * libraries log through java.util.logging, System.Logger or SLF4J ({@link LogBridges}) name the
 * library's class. Configured once at start-up; the defaults (console, V=2) serve tests and tools.
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

    /** Where lines go now (a test that redirects them puts this back). */
    public static PrintStream out() {
        return out;
    }

    public static boolean enabled(int v) {
        return v <= verbosity;
    }

    public static void info(String msg, Object... keyValues) {
        write("info", LOGGER, caller(), msg, null, keyValues);
    }

    /** A logr V(n) info line: written only when n ≤ verbosity; zap names V(n ≥ 1) `debug`. */
    public static void v(int n, String msg, Object... keyValues) {
        if (enabled(n)) {
            write(levelName(n), LOGGER, caller(), msg, null, keyValues);
        }
    }

    public static void warn(String msg, Object... keyValues) {
        write("warn", LOGGER, caller(), msg, null, keyValues);
    }

    public static void error(String msg, Throwable error, Object... keyValues) {
        write("error", LOGGER, caller(), msg, error, keyValues);
    }

    /** The EPP's own logger name; a library's lines carry `epp.` + its logger's name. */
    static final String LOGGER = "epp";

    static String levelName(int v) {
        return v <= 0 ? "info" : "debug";
    }

    /**
     * A line logged by a library through one of the bridges.
     *
     * @param level  `error`, `warn`, `info` or `debug`
     * @param logger the library logger's name
     */
    static void library(String level, String logger, String msg, Throwable error) {
        write(level, logger.isEmpty() ? LOGGER : LOGGER + "." + logger, caller(), msg, error, new Object[0]);
    }

    private static void write(String level, String logger, String caller, String msg, Throwable error, Object[] keyValues) {
        var line = new StringBuilder(128);
        Instant now = Instant.now();
        String ts = timestamp(now);
        boolean numeric = timeEncoding.equals("epoch") || timeEncoding.equals("millis") || timeEncoding.equals("nano");
        if (json) {
            line.append("{\"level\":").append(quote(level)).append(",\"ts\":").append(numeric ? ts : quote(ts))
                    .append(",\"logger\":").append(quote(logger)).append(",\"caller\":").append(quote(caller))
                    .append(",\"msg\":").append(quote(msg));
            if (error != null) {
                line.append(",\"error\":").append(quote(errorText(error)));
            }
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                line.append(',').append(quote(String.valueOf(keyValues[i]))).append(':').append(value(keyValues[i + 1]));
            }
            line.append('}');
        } else {
            line.append(ts).append('\t').append(level.toUpperCase()).append('\t').append(logger).append('\t').append(caller)
                    .append('\t').append(msg);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                line.append('\t').append(keyValues[i]).append('=').append(keyValues[i + 1]);
            }
            if (error != null) {
                line.append("\terror=").append(errorText(error));
            }
        }
        out.println(line);
    }

    /**
     * An error as Go's err.Error() reads: the message (else the exception's class), then each
     * distinct cause, so a wrapped "connection refused" is not lost behind a generic message.
     */
    static String errorText(Throwable error) {
        var text = new StringBuilder(describe(error));
        Throwable seen = error;
        for (Throwable cause = error.getCause(); cause != null && cause != seen; seen = cause, cause = cause.getCause()) {
            String part = describe(cause);
            if (text.indexOf(part) < 0) {
                text.append(": ").append(part);
            }
        }
        return text.toString();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    private static final java.util.Set<Class<?>> LOGGING_CLASSES = java.util.Set.of(Log.class, LogBridges.class, Slf4jProvider.class);
    private static final java.util.Set<String> LOGGING_PACKAGES = java.util.Set.of("java.util.logging",
            "sun.util.logging.internal", "jdk.internal.logger", "sun.util.logging", "org.slf4j", "org.slf4j.helpers",
            "java.io", "sun.nio.cs", "io.netty.util.internal.logging", "io.grpc.netty.shaded.io.netty.util.internal.logging",
            "io.vertx.core.logging", "io.vertx.core.impl.logging", "io.opentelemetry.sdk.internal");

    /** zap's short caller of the first frame outside logging code: `dir/File.java:line`. */
    private static String caller() {
        return STACK.walk(frames -> frames
                .filter(f -> !LOGGING_CLASSES.contains(f.getDeclaringClass().getNestHost())
                        && !LOGGING_PACKAGES.contains(f.getDeclaringClass().getPackageName())
                        && !f.getClassName().startsWith("java.lang.System$Logger"))
                .findFirst()
                .map(Log::shortCaller)
                .orElse("unknown"));
    }

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static String shortCaller(StackWalker.StackFrame frame) {
        String pkg = frame.getDeclaringClass().getPackageName();
        String dir = pkg.substring(pkg.lastIndexOf('.') + 1);
        String file = frame.getFileName() == null ? frame.getDeclaringClass().getSimpleName() + ".java" : frame.getFileName();
        return (dir.isEmpty() ? "" : dir + "/") + file + ":" + frame.getLineNumber();
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
