package sim.engine;

/**
 * The engine's only source of time: the current instant and one-shot callbacks. The server runs it
 * on Vert.x's event loop ({@code sim.server.VertxTimers}); tests drive a virtual clock, so every
 * latency is exact and nothing sleeps.
 */
public interface Timers {
    long nowNanos();

    /** Runs {@code task} once, {@code delayNanos} from now (0 = as soon as possible, after the caller returns). */
    void schedule(long delayNanos, Runnable task);
}
