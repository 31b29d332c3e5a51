package sim.server;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import sim.engine.Engine;
import sim.engine.EngineStats;
import sim.engine.FinishReason;
import sim.engine.Histogram;

/**
 * An engine's {@code /metrics} in vLLM's Prometheus text (0.0.4): the same family names, help
 * texts, label names and order, float rendering ({@code 12.0}, {@code 4.180581e+06}) and histogram
 * layout (buckets, {@code _count}, {@code _sum}) as vLLM 0.28's V1 engine.
 */
final class MetricsExposition {
    private MetricsExposition() {}

    static String render(Engine engine, String modelName, double loraInfoTimestamp) {
        StringBuilder out = new StringBuilder(8192);
        String labels = "engine=\"" + engine.rank() + "\",model_name=\"" + escape(modelName) + "\"";
        EngineStats s = engine.stats();
        var options = engine.options();

        family(out, "vllm:num_requests_running", "Number of requests in model execution batches.", "gauge");
        sample(out, "vllm:num_requests_running", labels, engine.runningCount());
        family(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", "gauge");
        sample(out, "vllm:num_requests_waiting", labels, engine.waitingCount());
        family(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", "gauge");
        sample(out, "vllm:kv_cache_usage_perc", labels, engine.kvCache().usage());
        family(out, "vllm:prefix_cache_queries_total", "Prefix cache queries, in terms of number of queried tokens.", "counter");
        sample(out, "vllm:prefix_cache_queries_total", labels, s.prefixCacheQueries);
        family(out, "vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.", "counter");
        sample(out, "vllm:prefix_cache_hits_total", labels, s.prefixCacheHits);
        family(out, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", "counter");
        sample(out, "vllm:num_preemptions_total", labels, 0);
        family(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", "counter");
        sample(out, "vllm:prompt_tokens_total", labels, s.promptTokens);
        family(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", "counter");
        sample(out, "vllm:generation_tokens_total", labels, s.generationTokens);
        family(out, "vllm:request_success_total", "Count of successfully processed requests.", "counter");
        for (FinishReason reason : FinishReason.values()) {
            sample(out, "vllm:request_success_total", "engine=\"" + engine.rank() + "\",finished_reason=\"" + reason.label
                    + "\",model_name=\"" + escape(modelName) + "\"", s.finished.get(reason));
        }
        histogram(out, "vllm:request_prompt_tokens", "Number of prefill tokens processed.", labels, s.requestPromptTokens);
        histogram(out, "vllm:request_generation_tokens", "Number of generation tokens processed.", labels, s.requestGenerationTokens);
        histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels, s.timeToFirstToken);
        histogram(out, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels, s.interTokenLatency);
        histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels, s.e2eLatency);
        histogram(out, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", labels, s.queueTime);
        histogram(out, "vllm:request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.", labels, s.prefillTime);
        histogram(out, "vllm:request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.", labels, s.decodeTime);

        family(out, "vllm:lora_requests_info", "Running stats on lora requests.", "gauge");
        sample(out, "vllm:lora_requests_info", "max_lora=\"" + options.maxLoras + "\",running_lora_adapters=\""
                + escape(String.join(",", engine.runningAdapters())) + "\",waiting_lora_adapters=\""
                + escape(String.join(",", engine.waitingAdapters())) + "\"", loraInfoTimestamp);

        family(out, "vllm:cache_config_info", "Information of the LLMEngine CacheConfig", "gauge");
        sample(out, "vllm:cache_config_info", "block_size=\"" + options.blockSize + "\",cache_dtype=\"auto\""
                + ",enable_prefix_caching=\"True\",engine=\"" + engine.rank() + "\",gpu_memory_utilization=\"0.9\""
                + ",kv_cache_size_tokens=\"" + (long) options.kvCacheSize * options.blockSize + "\""
                + ",num_gpu_blocks=\"" + options.kvCacheSize + "\",num_gpu_blocks_override=\"None\""
                + ",prefix_caching_hash_algo=\"" + escape(options.prefixCachingHashAlgo) + "\",sliding_window=\"None\"", 1);
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    private static void histogram(StringBuilder out, String name, String help, String labels, Histogram h) {
        family(out, name, help, "histogram");
        double[] bounds = h.bounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", labels + ",le=\"" + number(bounds[i]) + "\"", h.cumulative(i));
        }
        sample(out, name + "_bucket", labels + ",le=\"+Inf\"", h.count());
        sample(out, name + "_count", labels, h.count());
        sample(out, name + "_sum", labels, h.sum());
    }

    /**
     * A value as vLLM's prometheus_client prints it (floatToGoString): Python's repr, except that a
     * positive number of 7+ integer digits switches to an exponent ({@code 4.180581e+06}).
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return (long) v + ".0";
        }
        double magnitude = Math.abs(v);
        if (magnitude < 1e-4 || magnitude >= 1e16) {
            String java = Double.toString(v);
            int e = java.indexOf('E');
            String mantissa = java.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            int exponent = Integer.parseInt(java.substring(e + 1));
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = new BigDecimal(Double.toString(v)).toPlainString();
        if (plain.indexOf('.') < 0) {
            plain += ".0";
        }
        int dot = plain.indexOf('.');
        if (v > 0 && dot > 6) {
            String digits = plain.charAt(0) + "." + plain.substring(1, dot) + plain.substring(dot + 1);
            return digits.replaceAll("[0.]+$", "") + "e+0" + (dot - 1);
        }
        return plain;
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static final List<String> FAMILIES = List.of("vllm:num_requests_running", "vllm:num_requests_waiting",
            "vllm:kv_cache_usage_perc", "vllm:lora_requests_info", "vllm:cache_config_info");
}
