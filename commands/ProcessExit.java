package commands;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends the pool process with an exit code, first letting the cluster client's event loops stop.
 *
 * <p>JDK 17's exit waits up to 300 ms for every thread that is inside native code (HotSpot's
 * {@code VM_Exit::wait_for_threads_in_native_to_block}). fabric8's Vert.x HTTP client keeps its
 * event-loop threads in {@code epoll_wait} until the client's close, which is asynchronous, has
 * stopped them; a cluster command that exited right after closing its client paid those 300 ms on
 * every run. Stopping takes a few milliseconds, so the exit waits for it (at most {@link #BUDGET_MS}).
 */
public final class ProcessExit {
    static final long BUDGET_MS = 250;
    private static final List<String> EVENT_LOOP_THREADS = List.of("vert.x-eventloop-thread-", "vert.x-acceptor-thread-");

    private ProcessExit() {}

    public static void exit(int code) {
        awaitEventLoopsStopped();
        System.exit(code);
    }

    static void awaitEventLoopsStopped() {
        long deadline = System.nanoTime() + BUDGET_MS * 1_000_000;
        try {
            // a second look: closing starts a thread for each event loop that never ran, to stop it
            for (int look = 0; look < 2; look++) {
                for (Thread loop : eventLoops()) {
                    long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                    if (leftMs <= 0) {
                        return;
                    }
                    loop.join(leftMs);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Thread> eventLoops() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (thread != Thread.currentThread() && thread.isAlive()
                    && EVENT_LOOP_THREADS.stream().anyMatch(thread.getName()::startsWith)) {
                loops.add(thread);
            }
        }
        return loops;
    }
}
