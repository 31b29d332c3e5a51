package sim.server;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;
import sim.engine.Timers;

/**
 * Engine time on the Vert.x event loop: one-shot tasks on the loop's own Netty scheduler, no thread
 * per request. Deadlines are rounded to the nearest millisecond of a shared grid, so the tokens of
 * every request of every pod due in the same millisecond wake the loop once (waking it costs more
 * than producing a token); rounding to the nearest keeps a request's error around zero instead of
 * adding up.
 */
final class VertxTimers implements Timers {
    private static final long TICK_NANOS = 1_000_000L;

    private final Context context;
    private final EventLoop loop;

    VertxTimers(Context context) {
        this.context = context;
        this.loop = ((ContextInternal) context).nettyEventLoop();
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        long now = System.nanoTime();
        long due = now + Math.max(0, delayNanos);
        long aligned = Math.floorDiv(due + TICK_NANOS / 2, TICK_NANOS) * TICK_NANOS;
        long wait = aligned - now;
        if (wait <= 0) {
            context.runOnContext(v -> task.run());
        } else {
            loop.schedule(() -> ((ContextInternal) context).dispatch(v -> task.run()), wait, TimeUnit.NANOSECONDS);
        }
    }
}
