package epp.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The EPP's SLF4J binding: fabric8's log lines go through {@link Log} (error, warn, info; debug
 * and trace as V(4) and V(5)), so they share the EPP's encoder, verbosity and `caller`. Registered
 * in `META-INF/services/org.slf4j.spi.SLF4JServiceProvider` of the EPP's entry.
 */
public final class Slf4jProvider implements SLF4JServiceProvider {
    private final ILoggerFactory loggers = Slf4jLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    static final class Slf4jLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Slf4jLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return Log.enabled(Log.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return Log.enabled(Log.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            Log.library(switch (level) {
                case ERROR -> "error";
                case WARN -> "warn";
                case INFO -> "info";
                case DEBUG, TRACE -> "debug";
            }, name, message, error);
        }
    }

    /** For tests: a logger of this binding without SLF4J's discovery. */
    public static Logger logger(String name) {
        return new Slf4jLogger(name);
    }
}
