package sim.engine;

import java.util.Random;

/**
 * Latency jitter as llm-d-inference-sim draws it: a normal sample around the mean whose standard
 * deviation is capped at 30 % of the mean, clamped to mean ± 70 %.
 */
final class Jitter {
    private final Random random;

    Jitter(Random random) {
        this.random = random;
    }

    long sample(long meanNanos, long stdDevNanos) {
        if (meanNanos <= 0) {
            return 0;
        }
        if (stdDevNanos <= 0) {
            return meanNanos;
        }
        double stdDev = Math.min(stdDevNanos, 0.3 * meanNanos);
        double value = meanNanos + random.nextGaussian() * stdDev;
        double low = 0.3 * meanNanos;
        double high = 1.7 * meanNanos;
        return Math.round(Math.max(low, Math.min(high, value)));
    }

    Random random() {
        return random;
    }
}
