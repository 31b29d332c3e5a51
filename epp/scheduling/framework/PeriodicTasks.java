package epp.scheduling.framework;

import java.time.Duration;

/**
 * Runs plugin housekeeping (index clean-up, state purges, gauge updates) every so often. Plugins get
 * it from their {@link PluginHandle}, so tests can hold the tasks and run them by hand.
 */
public interface PeriodicTasks {
    /**
     * @return closing it stops the task
     */
    AutoCloseable every(Duration period, Runnable task);
}
