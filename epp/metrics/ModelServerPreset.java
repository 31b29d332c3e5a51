package epp.metrics;

/**
 * The metric specs that fit each model server (epp.md §4.3). {@link #VLLM} holds the EPP's flag
 * defaults; the chart's `modelServerType: triton-tensorrt-llm` passes {@link #TRITON_TENSORRT_LLM}.
 * An empty spec means "not scraped".
 */
public enum ModelServerPreset {
    VLLM("vllm", "vllm:num_requests_waiting", "vllm:gpu_cache_usage_perc", "vllm:lora_requests_info",
            "vllm:cache_config_info"),
    TRITON_TENSORRT_LLM("triton-tensorrt-llm", "nv_trt_llm_request_metrics{request_type=waiting}",
            "nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type=fraction}", "", "vllm:cache_config_info"),
    /** No chart preset upstream; names from the model-server protocol document. */
    SGLANG("sglang", "sglang:num_queue_reqs", "sglang:token_usage", "", "vllm:cache_config_info");

    /** The chart's `inferencePool.modelServerType` value. */
    public final String modelServerType;
    public final String queuedRequestsSpec;
    public final String kvCacheUsageSpec;
    public final String loraInfoSpec;
    public final String cacheInfoSpec;

    ModelServerPreset(String modelServerType, String queuedRequestsSpec, String kvCacheUsageSpec,
                      String loraInfoSpec, String cacheInfoSpec) {
        this.modelServerType = modelServerType;
        this.queuedRequestsSpec = queuedRequestsSpec;
        this.kvCacheUsageSpec = kvCacheUsageSpec;
        this.loraInfoSpec = loraInfoSpec;
        this.cacheInfoSpec = cacheInfoSpec;
    }
}
