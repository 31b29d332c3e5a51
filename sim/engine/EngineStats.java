package sim.engine;

import java.util.EnumMap;
import java.util.Map;

/** The counters and histograms of one engine, named as vLLM's metrics. Mutated on the engine's loop only. */
public final class EngineStats {
    public long prefixCacheQueries;
    public long prefixCacheHits;
    public long promptTokens;
    public long generationTokens;
    public final Map<FinishReason, Long> finished = new EnumMap<>(FinishReason.class);
    public final Histogram timeToFirstToken = new Histogram(Histogram.TTFT);
    public final Histogram interTokenLatency = new Histogram(Histogram.INTER_TOKEN);
    public final Histogram e2eLatency = new Histogram(Histogram.REQUEST_SECONDS);
    public final Histogram queueTime = new Histogram(Histogram.REQUEST_SECONDS);
    public final Histogram prefillTime = new Histogram(Histogram.REQUEST_SECONDS);
    public final Histogram decodeTime = new Histogram(Histogram.REQUEST_SECONDS);
    public final Histogram requestPromptTokens = new Histogram(Histogram.TOKENS);
    public final Histogram requestGenerationTokens = new Histogram(Histogram.TOKENS);
    /** Uncached prompt tokens of the last admitted request: what its prefill computed. */
    public int lastPrefillTokens;

    EngineStats() {
        for (FinishReason r : FinishReason.values()) {
            finished.put(r, 0L);
        }
    }
}
