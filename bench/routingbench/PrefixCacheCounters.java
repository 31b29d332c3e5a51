package bench.routingbench;

import epp.metrics.Exposition;
import epp.metrics.ExpositionParser;
import epp.metrics.Sample;
import java.util.List;

/**
 * The simulators' prefix-cache counters summed over the pods: {@code vllm:prefix_cache_hits_total}
 * and {@code vllm:prefix_cache_queries_total} (in tokens, as vLLM counts them), read from each
 * pod's /metrics. A stage's hit rate is the ratio of their deltas.
 */
record PrefixCacheCounters(double hits, double queries) {
    static final String HITS = "vllm:prefix_cache_hits_total";
    static final String QUERIES = "vllm:prefix_cache_queries_total";

    /** The EPP's own reader of the Prometheus text format, for the two counters. */
    private static final ExpositionParser PARSER = new ExpositionParser(List.of(HITS, QUERIES));

    static PrefixCacheCounters read(OpenLoopLoad http, List<String> podUrls) throws Exception {
        double hits = 0;
        double queries = 0;
        for (String pod : podUrls) {
            Exposition exposition = PARSER.parse(http.get(pod + "/metrics"));
            hits += sum(exposition, HITS);
            queries += sum(exposition, QUERIES);
        }
        return new PrefixCacheCounters(hits, queries);
    }

    /** The sum of a counter's samples (every label set); 0 when the exposition has none. */
    static double sum(Exposition exposition, String name) {
        List<Sample> samples = exposition.family(name);
        return samples == null ? 0 : samples.stream().mapToDouble(Sample::value).sum();
    }

    PrefixCacheCounters minus(PrefixCacheCounters before) {
        return new PrefixCacheCounters(hits - before.hits, queries - before.queries);
    }
}
