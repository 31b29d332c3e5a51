package commands.progress;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The process's own stderr as the writer a command prints messages to. Only on this writer may
 * progress be drawn live: a command whose stderr a test or an embedding program replaced writes
 * plain lines there, whatever the real terminal is.
 */
public final class SystemErr extends PrintWriter {
    public SystemErr() {
        super(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
    }

    /**
     * JLine's view of the terminal behind stderr, or null when stdin or stderr is not a terminal.
     * Native signal handlers stay off: pool's SIGINT/SIGTERM handling (shutdown hooks that mark a
     * held revision failed) must keep working.
     */
    static Terminal open() {
        try {
            var terminal = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .nativeSignals(false).dumb(true).build();
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return null;
            }
            return terminal;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
