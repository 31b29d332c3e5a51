package sim.server;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import sim.engine.Timers;

/**
 * Engine time on a Vert.x event loop: one-shot {@code setTimer}s, no thread per request. Vert.x timers
 * have millisecond resolution, so a delay is rounded to the nearest millisecond of the target instant
 * and shorter ones run on the next turn of the loop.
 */
final class VertxTimers implements Timers {
    private static final long MILLI = 1_000_000L;
    private final Vertx vertx;
    private final Context context;

    VertxTimers(Vertx vertx, Context context) {
        this.vertx = vertx;
        this.context = context;
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        long millis = (delayNanos + MILLI / 2) / MILLI;
        if (millis <= 0) {
            context.runOnContext(v -> task.run());
        } else {
            vertx.setTimer(millis, id -> task.run());
        }
    }
}
