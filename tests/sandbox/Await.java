package sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on observable state: polls a condition (every 50 ms, at most 60 s), failing with what it last saw. */
final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Await() {}

    static void until(BooleanSupplier condition, Supplier<Object> seen) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT.toSeconds() + " s; last seen: " + seen.get());
            }
            Thread.sleep(50);
        }
    }
}
