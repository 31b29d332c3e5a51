package commands.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import kube.ObjectRef;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import release.WaitListener;

/**
 * How a command shows `--wait`, and where its progress messages go. LIVE (stderr is a terminal):
 * one line per object, updated in place, with ready x/y and the reason it waits, under a header
 * with a spinner and the elapsed time; colours unless `NO_COLOR` is set. PLAIN (CI logs, pipes):
 * one appended line per change, with the elapsed time. QUIET (`-o json|yaml`): the wait shows
 * nothing; messages (warnings) still go to stderr.
 */
public final class WaitDisplay implements Consumer<String>, WaitListener, AutoCloseable {
    public enum Mode { LIVE, PLAIN, QUIET }

    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String[] UNICODE_SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final String[] ASCII_SPINNER = {"-", "\\", "|", "/"};

    private final Mode mode;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final boolean colour;
    private final Terminal terminal;
    private final LiveRegion region;
    private final String[] spinner;
    private final Map<ObjectRef, ObjectState> rows = new LinkedHashMap<>();
    private final Map<ObjectRef, String> lastLine = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private Goal goal = Goal.READY;
    private long startedAt;
    private boolean waiting;

    WaitDisplay(Mode mode, PrintWriter err, Terminal terminal, LongSupplier nanos, boolean colour) {
        this.mode = mode;
        this.err = err;
        this.terminal = terminal;
        this.nanos = nanos;
        this.colour = colour && mode == Mode.LIVE;
        this.region = mode == Mode.LIVE ? new LiveRegion(terminal, err) : null;
        boolean unicode = terminal != null && terminal.encoding() != null && terminal.encoding().name().startsWith("UTF");
        this.spinner = unicode ? UNICODE_SPINNER : ASCII_SPINNER;
    }

    /**
     * The display for a command printing messages to err: LIVE when err is the process's stderr
     * ({@link SystemErr}) on a terminal that can redraw lines and the command waits, QUIET when the
     * output is data (`-o json|yaml`), PLAIN otherwise.
     */
    public static WaitDisplay forCommand(PrintWriter err, boolean dataOutput, boolean waits) {
        if (dataOutput) {
            return new WaitDisplay(Mode.QUIET, err, null, System::nanoTime, false);
        }
        Terminal terminal = waits && err instanceof SystemErr ? SystemErr.open() : null;
        if (terminal == null || !LiveRegion.supported(terminal)) {
            closeQuietly(terminal);
            return new WaitDisplay(Mode.PLAIN, err, null, System::nanoTime, false);
        }
        String noColor = System.getenv("NO_COLOR");
        var display = new WaitDisplay(Mode.LIVE, err, terminal, System::nanoTime, noColor == null || noColor.isEmpty());
        display.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "pool-wait-display");
            thread.setDaemon(true);
            return thread;
        });
        display.ticker.scheduleAtFixedRate(display::tick, FRAME_NANOS, FRAME_NANOS, TimeUnit.NANOSECONDS);
        return display;
    }

    /** For tests: a display on the given terminal (LIVE when it can redraw lines, else PLAIN) and clock. */
    static WaitDisplay on(Terminal terminal, LongSupplier nanos, boolean colour) {
        var writer = new PrintWriter(terminal.writer(), true);
        Mode mode = LiveRegion.supported(terminal) ? Mode.LIVE : Mode.PLAIN;
        return new WaitDisplay(mode, writer, terminal, nanos, colour);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public synchronized void accept(String message) {
        if (mode == Mode.LIVE && waiting) {
            region.printAbove(message);
            draw();
        } else {
            err.println(message);
            err.flush();
        }
    }

    @Override
    public synchronized void waiting(Goal goal, List<ObjectRef> objects) {
        this.goal = goal;
        this.startedAt = nanos.getAsLong();
        this.waiting = true;
        rows.clear();
        lastLine.clear();
        objects.forEach(ref -> rows.put(ref, null));
        if (mode == Mode.PLAIN) {
            plain("waiting for " + objects.size() + (objects.size() == 1 ? " object" : " objects")
                    + (goal == Goal.READY ? " to become ready" : " to be deleted"));
        } else if (mode == Mode.LIVE) {
            draw();
        }
    }

    @Override
    public synchronized void observed(ObjectState state) {
        rows.put(state.ref(), state);
        if (mode == Mode.PLAIN) {
            String line = state.ref().kind() + " " + state.ref().name() + " " + state.describe(goal);
            if (!line.equals(lastLine.put(state.ref(), line))) {
                plain(line);
            }
        } else if (mode == Mode.LIVE) {
            draw();
        }
    }

    @Override
    public synchronized void finished(boolean success) {
        if (!waiting) {
            return;
        }
        if (mode == Mode.PLAIN) {
            long done = rows.values().stream().filter(s -> s != null && s.done()).count();
            plain((success ? "done: " : "stopped: ") + done + "/" + rows.size() + (goal == Goal.READY ? " ready" : " deleted"));
        } else if (mode == Mode.LIVE) {
            waiting = false;
            region.draw(frame(success ? Outcome.SUCCEEDED : Outcome.STOPPED));
            region.release();
        }
        waiting = false;
    }

    /** Redraws the live lines (spinner, elapsed time); the ticker calls it, tests call it with their clock. */
    synchronized void tick() {
        if (mode == Mode.LIVE && waiting) {
            draw();
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (waiting) {
            finished(false);
        }
        err.flush();
        closeQuietly(terminal);
    }

    private void draw() {
        region.draw(frame(Outcome.WAITING));
    }

    private void plain(String line) {
        err.println("[" + elapsed() + "] " + line);
        err.flush();
    }

    private enum Outcome { WAITING, SUCCEEDED, STOPPED }

    /** Header (spinner or outcome, what it waits for, count done, elapsed) and one line per object. */
    List<AttributedString> frame(Outcome outcome) {
        var lines = new ArrayList<AttributedString>();
        long done = rows.values().stream().filter(s -> s != null && s.done()).count();
        var header = new AttributedStringBuilder();
        String count = done + "/" + rows.size();
        String what = goal == Goal.READY ? "ready" : "deleted";
        switch (outcome) {
            case WAITING -> header.append(spinnerFrame(), style(AttributedStyle.CYAN))
                    .append(goal == Goal.READY ? " Waiting for workloads to become ready " : " Waiting for objects to be deleted ")
                    .append(count, AttributedStyle.BOLD);
            case SUCCEEDED -> header.append("✓", style(AttributedStyle.GREEN))
                    .append(goal == Goal.READY ? " Workloads ready " : " Objects deleted ").append(count, AttributedStyle.BOLD);
            case STOPPED -> header.append("✗", style(AttributedStyle.RED)).append(" Stopped waiting: ")
                    .append(count, AttributedStyle.BOLD).append(" " + what);
        }
        header.append("  " + elapsed(), style(AttributedStyle.BRIGHT));
        lines.add(header.toAttributedString());
        int nameWidth = rows.keySet().stream().mapToInt(r -> r.toString().length()).max().orElse(0);
        for (var row : rows.entrySet()) {
            lines.add(row(row.getKey(), row.getValue(), nameWidth));
        }
        return lines;
    }

    private AttributedString row(ObjectRef ref, ObjectState state, int nameWidth) {
        var line = new AttributedStringBuilder().append("  ");
        if (state == null) {
            line.append("…", style(AttributedStyle.BRIGHT));
        } else if (state.done()) {
            line.append("✓", style(AttributedStyle.GREEN));
        } else {
            line.append("•", style(AttributedStyle.YELLOW));
        }
        line.append(" ").append(String.format("%-" + nameWidth + "s", ref));
        if (state == null) {
            return line.append("  checking").toAttributedString();
        }
        if (goal == Goal.READY) {
            line.append("  ").append(state.ready() + "/" + state.wanted(), state.done() ? style(AttributedStyle.GREEN) : AttributedStyle.DEFAULT);
            line.append(state.done() ? "  ready" : "  ");
            if (!state.done()) {
                line.append(state.reason(), style(AttributedStyle.YELLOW));
            }
        } else {
            line.append(state.done() ? "  deleted" : "  " + state.reason());
        }
        return line.toAttributedString();
    }

    private AttributedStyle style(int colourCode) {
        return colour ? AttributedStyle.DEFAULT.foreground(colourCode) : AttributedStyle.DEFAULT;
    }

    private String spinnerFrame() {
        long frames = Math.max(0, nanos.getAsLong() - startedAt) / FRAME_NANOS;
        return spinner[(int) (frames % spinner.length)];
    }

    /** `7s`, `1m05s`. */
    private String elapsed() {
        long seconds = Math.max(0, nanos.getAsLong() - startedAt) / 1_000_000_000L;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
    }

    private static void closeQuietly(Terminal terminal) {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (Exception ignored) {
                // restoring the terminal: nothing to report
            }
        }
    }
}
