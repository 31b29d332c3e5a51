package sim.engine;

/**
 * How long prefill and each decoded token take, in llm-d-inference-sim's terms:
 * <ul>
 *   <li>constant mode when {@code time-to-first-token} is set: prefill takes that long;</li>
 *   <li>per-token mode otherwise: prefill = {@code prefill-overhead} + uncached prompt tokens ×
 *       {@code prefill-time-per-token};</li>
 *   <li>every token after the first takes {@code inter-token-latency};</li>
 *   <li>both grow linearly with the running batch, from ×1 with one request running to
 *       ×{@code time-factor-under-load} with {@code max-num-seqs} running.</li>
 * </ul>
 * With {@code max-num-batched-tokens} set, prefill is not stretched by the batch: the batch's decoding
 * waits for it instead ({@link PrefillLane}).
 */
public final class LatencyModel {
    private final SimOptions options;
    private final Jitter jitter;

    LatencyModel(SimOptions options, Jitter jitter) {
        this.options = options;
        this.jitter = jitter;
    }

    /**
     * A prompt computation on a shared accelerator ({@code --max-num-batched-tokens} set): not
     * stretched by the batch, whose decoding waits for it instead ({@link PrefillLane}).
     */
    long sharedPrefillNanos(int uncachedTokens) {
        return prefillNanos(uncachedTokens, 1);
    }

    /** The time of one chunk of {@code --max-num-batched-tokens} prompt tokens. */
    long chunkNanos() {
        return (long) options.maxNumBatchedTokens * options.prefillTimePerToken.toNanos();
    }

    long prefillNanos(int uncachedTokens, int running) {
        long mean;
        long stdDev;
        if (options.timeToFirstToken.toNanos() > 0) {
            mean = options.timeToFirstToken.toNanos();
            stdDev = options.timeToFirstTokenStdDev.toNanos();
        } else {
            mean = options.prefillOverhead.toNanos() + uncachedTokens * options.prefillTimePerToken.toNanos();
            stdDev = options.prefillTimeStdDev.toNanos();
        }
        return Math.round(jitter.sample(mean, stdDev) * loadFactor(running));
    }

    long interTokenNanos(int running) {
        long sample = jitter.sample(options.interTokenLatency.toNanos(), options.interTokenLatencyStdDev.toNanos());
        return Math.round(sample * loadFactor(running));
    }

    double loadFactor(int running) {
        if (options.maxNumSeqs <= 1 || running <= 1) {
            return 1.0;
        }
        int capped = Math.min(running, options.maxNumSeqs);
        return 1.0 + (options.timeFactorUnderLoad - 1.0) * (capped - 1) / (options.maxNumSeqs - 1);
    }
}
