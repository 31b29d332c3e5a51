package commands.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kube.ObjectRef;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import release.WaitListener.Goal;
import release.WaitListener.ObjectState;

/**
 * The --wait display through JLine virtual terminals, driven by a fake clock and scripted
 * readiness states: live redraws on an xterm, appended lines on a dumb terminal, nothing of the
 * wait for data output.
 */
class WaitDisplayTest {
    static final ObjectRef EPP = new ObjectRef("apps/v1", "Deployment", "ns", "pool-epp");
    static final ObjectRef JAEGER = new ObjectRef("apps/v1", "Deployment", "ns", "pool-jaeger");
    static final String ESC = "\u001b";

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    Terminal xterm(int columns) throws Exception {
        var terminal = new ExternalTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(columns, 24));
        return terminal;
    }

    Terminal dumb() throws Exception {
        return new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
    }

    void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    String output() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** What a person sees: the text after the last redraw (cursor-up sequences), without escape codes. */
    static String lastFrame(String raw) {
        int last = Math.max(raw.lastIndexOf(ESC + "[A"), raw.lastIndexOf(ESC + "M"));
        String tail = last < 0 ? raw : raw.substring(last);
        return tail.replaceAll(ESC + "\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
    }

    @Test
    void liveModeRedrawsOneLinePerObjectInPlaceWithReasonsSpinnerAndElapsedTime() throws Exception {
        try (var terminal = xterm(100); var display = WaitDisplay.on(terminal, clock::get, true)) {
            assertEquals(WaitDisplay.Mode.LIVE, display.mode());
            display.waiting(Goal.READY, List.of(EPP, JAEGER));
            display.observed(new ObjectState(EPP, false, 0, 2, "image pull: ImagePullBackOff (epp:main)"));
            display.observed(new ObjectState(JAEGER, false, 0, 1, "pod pending: Unschedulable"));
            advance(3);
            display.tick();
            String frame = lastFrame(output());
            assertTrue(frame.contains("Waiting for workloads to become ready 0/2  3s"), frame);
            assertTrue(frame.contains("Deployment/pool-epp     0/2  image pull: ImagePullBackOff (epp:main)"), frame);
            assertTrue(frame.contains("Deployment/pool-jaeger  0/1  pod pending: Unschedulable"), frame);

            advance(62);
            display.observed(new ObjectState(EPP, true, 2, 2, ""));
            display.observed(new ObjectState(JAEGER, true, 1, 1, ""));
            display.finished(true);
            frame = lastFrame(output());
            assertTrue(frame.contains("✓ Workloads ready 2/2  1m05s"), frame);
            assertTrue(frame.contains("✓ Deployment/pool-epp     2/2  ready"), frame);
            assertFalse(frame.contains("ImagePullBackOff"), "the row was updated in place: " + frame);
            assertEquals(frame.lines().count(), 3, frame);
        }
        assertTrue(output().contains(ESC + "[3"), "colours on a terminal: " + output());
    }

    @Test
    void liveLinesAreCutToTheTerminalWidth() throws Exception {
        try (var terminal = xterm(40); var display = WaitDisplay.on(terminal, clock::get, true)) {
            display.waiting(Goal.READY, List.of(EPP));
            display.observed(new ObjectState(EPP, false, 0, 1, "readiness probe failing (container epp running, not ready)"));
            for (String line : lastFrame(output()).split("\n")) {
                assertTrue(line.length() <= 39, "at most width-1 columns: '" + line + "'");
            }
        }
    }

    @Test
    void spinnerTurnsWithTheClockNotWithCalls() throws Exception {
        try (var terminal = xterm(80); var display = WaitDisplay.on(terminal, clock::get, false)) {
            display.waiting(Goal.READY, List.of(EPP));
            String first = lastFrame(output()).substring(0, 1);
            display.tick();
            assertEquals(first, lastFrame(output()).substring(0, 1));
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
            display.tick();
            assertFalse(first.equals(lastFrame(output()).substring(0, 1)), output());
        }
    }

    @Test
    void noColourWhenAskedFor() throws Exception {
        try (var terminal = xterm(80); var display = WaitDisplay.on(terminal, clock::get, false)) {
            display.waiting(Goal.READY, List.of(EPP));
            display.observed(new ObjectState(EPP, false, 0, 1, "pods are starting"));
            display.finished(false);
        }
        assertFalse(output().matches("(?s).*" + ESC + "\\[[0-9;]*3[0-9]m.*"), output());
        assertTrue(lastFrame(output()).startsWith("✗ Stopped waiting: 0/1 ready  0s"), output());
    }

    @Test
    void messagesPrintAboveTheLiveLines() throws Exception {
        try (var terminal = xterm(80); var display = WaitDisplay.on(terminal, clock::get, false)) {
            display.waiting(Goal.READY, List.of(EPP));
            display.accept("warning: something to read");
            String frame = lastFrame(output());
            assertTrue(frame.startsWith("warning: something to read\n"), frame);
            assertTrue(frame.contains("Deployment/pool-epp"), frame);
        }
    }

    @Test
    void dumbTerminalGetsOneAppendedLinePerChangeWithElapsedTime() throws Exception {
        try (var terminal = dumb(); var display = WaitDisplay.on(terminal, clock::get, true)) {
            assertEquals(WaitDisplay.Mode.PLAIN, display.mode());
            display.waiting(Goal.READY, List.of(EPP));
            display.observed(new ObjectState(EPP, false, 0, 1, "pods are starting"));
            advance(1);
            display.observed(new ObjectState(EPP, false, 0, 1, "pods are starting"));
            advance(1);
            display.observed(new ObjectState(EPP, false, 0, 1, "image pull: ErrImagePull (epp:main)"));
            advance(5);
            display.observed(new ObjectState(EPP, true, 1, 1, ""));
            display.finished(true);
        }
        assertEquals("""
                [0s] waiting for 1 object to become ready
                [0s] Deployment pool-epp 0/1 ready: pods are starting
                [2s] Deployment pool-epp 0/1 ready: image pull: ErrImagePull (epp:main)
                [7s] Deployment pool-epp ready 1/1
                [7s] done: 1/1 ready
                """, output().replace("\r", ""));
        assertFalse(output().contains(ESC), "no escape codes on a dumb terminal");
    }

    @Test
    void deletionWaitsInPlainLines() throws Exception {
        var err = new StringWriter();
        try (var display = WaitDisplay.forCommand(new PrintWriter(err), false, true)) {
            assertEquals(WaitDisplay.Mode.PLAIN, display.mode(), "a writer that is not the process's stderr is never drawn on live");
            display.waiting(Goal.DELETED, List.of(EPP));
            display.observed(new ObjectState(EPP, false, 0, 0, "finalizers [example.com/hold]"));
            display.observed(new ObjectState(EPP, true, 0, 0, ""));
            display.finished(true);
        }
        assertTrue(err.toString().contains("] Deployment pool-epp deleting: finalizers [example.com/hold]"), err.toString());
        assertTrue(err.toString().contains("] Deployment pool-epp deleted"), err.toString());
    }

    @Test
    void dataOutputShowsNothingOfTheWaitButKeepsMessages() {
        var err = new StringWriter();
        try (var display = WaitDisplay.forCommand(new PrintWriter(err), true, true)) {
            assertEquals(WaitDisplay.Mode.QUIET, display.mode());
            display.waiting(Goal.READY, List.of(EPP));
            display.observed(new ObjectState(EPP, false, 0, 1, "pods are starting"));
            display.accept("warning: unknown key");
            display.finished(true);
        }
        assertEquals("warning: unknown key\n", err.toString().replace("\r", ""));
    }
}
