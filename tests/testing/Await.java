package testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one way tests wait for what another thread or process does (a server printing its address,
 * a tunnel noticing an error): poll the condition every 10 ms until it holds or the deadline
 * passes. The deadline only bounds a failing test; a passing one returns as soon as it can.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /** True as soon as the condition holds; false when it still does not at the deadline. */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
