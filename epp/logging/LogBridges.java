package epp.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log stream for the whole process (issue 12): what libraries log goes through {@link Log},
 * so with `--zap-encoder json` every line on stderr is one JSON object.
 *
 * <ul>
 *   <li>java.util.logging (OpenTelemetry's exporters, gRPC) and System.Logger (which the JDK backs
 *       with java.util.logging) through a root handler;</li>
 *   <li>SLF4J (fabric8) through {@link Slf4jProvider}, found by SLF4J's service loader;</li>
 *   <li>anything still written to System.err or System.out, line by line, and uncaught exceptions.</li>
 * </ul>
 * The process entry installs them once the flags are valid; tests keep their own streams.
 */
public final class LogBridges {
    private LogBridges() {}

    /** Replaces java.util.logging's console handler with one that writes through {@link Log}. */
    public static void routeJavaUtilLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Log.enabled(Log.DEBUG) ? Level.FINE : Level.INFO);
        root.addHandler(new JulHandler());
    }

    /**
     * Turns each line written to System.err (warning level) or System.out (info) into a log line,
     * and logs uncaught exceptions with their message instead of a printed stack trace.
     */
    public static void captureStandardStreams() {
        Log.out(); // the stream Log writes to stays the original standard error
        System.setErr(new PrintStream(new LineStream("warn", "stderr"), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new LineStream("info", "stdout"), true, StandardCharsets.UTF_8));
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                Log.error("Uncaught exception", error, "thread", thread.getName(), "exception", error.getClass().getName()));
    }

    /** zap's level for a java.util.logging level. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warn";
        }
        return value >= Level.INFO.intValue() ? "info" : "debug";
    }

    static final class JulHandler extends Handler {
        private final Formatter parameters = new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record);
            }
        };

        @Override
        public void publish(LogRecord record) {
            if (record == null || !isLoggable(record)) {
                return;
            }
            String level = level(record.getLevel());
            if (level.equals("debug") && !Log.enabled(Log.DEBUG)) {
                return;
            }
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            Log.library(level, logger, parameters.formatMessage(record), record.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** An output stream that logs each complete line it is given. */
    static final class LineStream extends OutputStream {
        private final String level;
        private final String logger;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(String level, String logger) {
            this.level = level;
            this.logger = logger;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() {
            // A line is logged when it is complete; a partial one waits for its newline.
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (!text.isBlank()) {
                Log.library(level, logger, text, null);
            }
        }
    }
}
