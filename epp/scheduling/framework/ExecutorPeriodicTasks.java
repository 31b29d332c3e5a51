package epp.scheduling.framework;

import epp.logging.Log;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link PeriodicTasks} on one shared daemon thread: housekeeping is short and rare. */
public final class ExecutorPeriodicTasks implements PeriodicTasks {
    /** Shared by every scheduler of the process; created on first use. */
    public static final ExecutorPeriodicTasks SHARED = new ExecutorPeriodicTasks(newDaemonExecutor());

    private final ScheduledExecutorService executor;

    public ExecutorPeriodicTasks(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public AutoCloseable every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        // A task that throws would be silently descheduled by the executor: log and keep going.
        var future = executor.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.error("Scheduler housekeeping task failed", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static ScheduledExecutorService newDaemonExecutor() {
        var executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "epp-scheduler-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
