package sim.engine;

import java.util.PriorityQueue;

/** Engine time for tests: nothing runs until the test advances the clock, and then in due order. */
public final class VirtualTimers implements Timers {
    private record Due(long at, long order, Runnable task) {}

    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.order, b.order));
    private long now;
    private long order;

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        queue.add(new Due(now + Math.max(0, delayNanos), order++, task));
    }

    /** Runs everything due up to {@code now + nanos}, then sets the clock there. */
    public void advance(long nanos) {
        long until = now + nanos;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Due due = queue.poll();
            now = due.at;
            due.task.run();
        }
        now = until;
    }

    /** Runs until nothing is scheduled. */
    public void runAll() {
        while (!queue.isEmpty()) {
            Due due = queue.poll();
            now = due.at;
            due.task.run();
        }
    }

    public static long millis(double ms) {
        return Math.round(ms * 1_000_000);
    }
}
