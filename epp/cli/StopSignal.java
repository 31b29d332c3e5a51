package epp.cli;

import epp.logging.Log;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as the EPP's stop request, as controller-runtime's signal handler treats
 * them: after the first the caller shuts down and exits 0; a second exits 1 at once.
 *
 * <p>Signal handlers, not a shutdown hook: a JVM that shuts down because of a signal exits with
 * 128 + the signal (143 for SIGTERM) whatever its hooks do, and `System.exit(0)` called while that
 * shutdown runs blocks. Kubernetes stops the EPP with SIGTERM, and that stop is not a failure.
 */
final class StopSignal {
    private final CountDownLatch received = new CountDownLatch(1);
    private volatile boolean started;

    private StopSignal() {}

    static StopSignal install() {
        var stop = new StopSignal();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), stop::receive);
            } catch (IllegalArgumentException reservedByTheJvm) {
                // -Xrs or an OS that reserves it: the JVM's default handling (exit 128 + signal) stays.
                Log.warn("Cannot handle SIG" + name + ": the EPP stops with the JVM's default exit code on it", "signal", name);
            }
        }
        return stop;
    }

    private void receive(Signal signal) {
        if (received.getCount() == 0) {
            Runtime.getRuntime().halt(1);
        }
        received.countDown();
        if (!started) {
            // Stopped while starting: nothing is serving yet, so nothing to drain.
            Log.info("Stop requested during start; exiting", "signal", "SIG" + signal.getName());
            System.exit(0);
        }
    }

    /** The servers run: from now on a stop request is handled by the caller's drain. */
    void started() {
        started = true;
    }

    /** Blocks until the first SIGTERM or SIGINT. */
    void await() throws InterruptedException {
        received.await();
    }
}
