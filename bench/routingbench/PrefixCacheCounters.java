package bench.routingbench;

import java.util.List;

/**
 * The simulators' prefix-cache counters summed over the pods: {@code vllm:prefix_cache_hits_total}
 * and {@code vllm:prefix_cache_queries_total} (in tokens, as vLLM counts them), read from each
 * pod's /metrics. A stage's hit rate is the ratio of their deltas.
 */
record PrefixCacheCounters(double hits, double queries) {
    static final String HITS = "vllm:prefix_cache_hits_total";
    static final String QUERIES = "vllm:prefix_cache_queries_total";

    static PrefixCacheCounters read(OpenLoopLoad http, List<String> podUrls) throws Exception {
        double hits = 0;
        double queries = 0;
        for (String pod : podUrls) {
            String exposition = http.get(pod + "/metrics");
            hits += sum(exposition, HITS);
            queries += sum(exposition, QUERIES);
        }
        return new PrefixCacheCounters(hits, queries);
    }

    /** The sum of a counter's samples (every label set) in a Prometheus text exposition. */
    static double sum(String exposition, String name) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length() && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    PrefixCacheCounters minus(PrefixCacheCounters before) {
        return new PrefixCacheCounters(hits - before.hits, queries - before.queries);
    }
}
