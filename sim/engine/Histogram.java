package sim.engine;

/** A Prometheus histogram: cumulative bucket counts (rendered with {@code le}), count and sum. */
public final class Histogram {
    public static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    public static final double[] INTER_TOKEN = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0,
            2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    public static final double[] REQUEST_SECONDS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
            40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    public static final double[] TOKENS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
            100000};

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    public Histogram(double[] bounds) {
        this.bounds = bounds;
        this.counts = new long[bounds.length];
    }

    public void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i]++;
            }
        }
        count++;
        sum += value;
    }

    public double[] bounds() {
        return bounds;
    }

    /** Observations at most {@code bounds()[i]}. */
    public long cumulative(int i) {
        return counts[i];
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }
}
