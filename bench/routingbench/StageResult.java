package bench.routingbench;

import org.HdrHistogram.Histogram;

/**
 * What one load stage measured on the client side. Latencies count from when a request was due
 * (its Poisson arrival), not when it was sent, so a late send shows as latency. Throughput counts
 * completions and streamed output tokens inside the steady window (the stage after its first
 * {@link OpenLoopLoad#STEADY_SKIP} of time), against the arrivals those completions answer: the
 * ones due in the window moved one median end-to-end latency earlier.
 */
public final class StageResult {
    final double offeredRate;
    final double seconds;
    final Histogram ttftMicros = new Histogram(3_600_000_000L, 3);
    final Histogram e2eMicros = new Histogram(3_600_000_000L, 3);
    long sent;
    long completed;
    long errors;
    String firstError;
    long outputTokens;
    /** Completions and output tokens streamed inside the steady window; arrivals inside the window moved back by the median latency. */
    long dueInWindow;
    double dueWindowSeconds;
    long completedInWindow;
    long tokensInWindow;
    double windowSeconds;
    /** Prefix-cache hits and queries (tokens) the simulators counted during the stage. */
    double cacheHits;
    double cacheQueries;
    /** The hits of {@link IdealPrefixCache} for the stage's requests, and their prompt tokens, in the workload's tokens. */
    double idealHits;
    double idealQueries;

    StageResult(double offeredRate, double seconds) {
        this.offeredRate = offeredRate;
        this.seconds = seconds;
    }

    public double offeredRate() {
        return offeredRate;
    }

    public long sent() {
        return sent;
    }

    public long completed() {
        return completed;
    }

    public long errors() {
        return errors;
    }

    public String firstError() {
        return firstError;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public double ttftMillis(double percentile) {
        return ttftMicros.getTotalCount() == 0 ? Double.NaN : ttftMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double e2eMillis(double percentile) {
        return e2eMicros.getTotalCount() == 0 ? Double.NaN : e2eMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Completed requests per second in the steady window. */
    public double achievedRate() {
        return windowSeconds <= 0 ? Double.NaN : completedInWindow / windowSeconds;
    }

    /**
     * The completion rate in the steady window over the arrival rate it answers: about 1 while the
     * pool keeps up, below once requests pile up.
     */
    public double keptUp() {
        return dueInWindow == 0 || windowSeconds <= 0 ? Double.NaN
                : (completedInWindow / windowSeconds) / (dueInWindow / dueWindowSeconds);
    }

    /** Output tokens per second in the steady window. */
    public double outputTokensPerSecond() {
        return windowSeconds <= 0 ? Double.NaN : tokensInWindow / windowSeconds;
    }

    /** Prefix-cache hit rate (hit tokens / queried tokens) over the stage; NaN when nothing was queried. */
    public double hitRate() {
        return cacheQueries <= 0 ? Double.NaN : cacheHits / cacheQueries;
    }

    /** The hit rate of an unbounded prefix cache shared by the whole pool (see {@link IdealPrefixCache}); NaN without prompts. */
    public double idealHitRate() {
        return idealQueries <= 0 ? Double.NaN : idealHits / idealQueries;
    }

    /** The measured hit rate over the ideal one; NaN when either is unknown or the ideal is 0. */
    public double hitRateOfIdeal() {
        double ideal = idealHitRate();
        return Double.isNaN(ideal) || ideal == 0 ? Double.NaN : hitRate() / ideal;
    }
}
