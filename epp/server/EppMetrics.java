package epp.server;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.handlers.RequestMetrics;
import epp.metrics.PoolLoad;
import epp.scheduling.SchedulingObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * The EPP's Prometheus metrics (epp.md §7.1): names, HELP texts, labels and buckets as upstream
 * (including its `32778` bucket). The ext_proc handler and the scheduler report through the
 * {@link RequestMetrics} and {@link SchedulingObserver} interfaces; pool gauges are refreshed by
 * {@link #refreshPoolGauges}.
 */
public final class EppMetrics implements RequestMetrics, SchedulingObserver {
    private static final double[] DURATION_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8,
        10, 15, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600};
    private static final double[] REQUEST_SIZE_BUCKETS = {64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072,
        262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216, 33554432, 67108864, 134217728, 268435456, 536870912, 1073741824};
    private static final double[] RESPONSE_SIZE_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32778, 65536};
    private static final double[] INPUT_TOKEN_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32778, 65536,
        131072, 262144, 524288, 1048576};
    private static final double[] OUTPUT_TOKEN_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
    private static final double[] NTPOT_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};
    private static final double[] SCHEDULER_BUCKETS = {0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1};
    private static final double[] HIT_RATIO_BUCKETS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    private static final double[] HIT_BYTES_BUCKETS = {0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requestTotal = counter("inference_objective_request_total",
            "Counter of inference objective requests broken out for each model and target model.", "model_name", "target_model_name");
    private final Counter requestErrorTotal = counter("inference_objective_request_error_total",
            "Counter of inference objective requests errors broken out for each model and target model.",
            "model_name", "target_model_name", "error_code");
    private final Histogram requestDuration = histogram("inference_objective_request_duration_seconds",
            "Inference objective response latency distribution in seconds for each model and target model.", DURATION_BUCKETS,
            "model_name", "target_model_name");
    private final Histogram requestSizes = histogram("inference_objective_request_sizes",
            "Inference objective requests size distribution in bytes for each model and target model.", REQUEST_SIZE_BUCKETS,
            "model_name", "target_model_name");
    private final Histogram responseSizes = histogram("inference_objective_response_sizes",
            "Inference objective responses size distribution in bytes for each model and target model.", RESPONSE_SIZE_BUCKETS,
            "model_name", "target_model_name");
    private final Histogram inputTokens = histogram("inference_objective_input_tokens",
            "Inference objective input token count distribution for requests in each model.", INPUT_TOKEN_BUCKETS,
            "model_name", "target_model_name");
    private final Histogram outputTokens = histogram("inference_objective_output_tokens",
            "Inference objective output token count distribution for requests in each model.", OUTPUT_TOKEN_BUCKETS,
            "model_name", "target_model_name");
    private final Gauge runningRequests = gauge("inference_objective_running_requests",
            "Inference objective number of running requests in each model.", "model_name");
    private final Gauge poolKvCache = gauge("inference_pool_average_kv_cache_utilization",
            "The average kv cache utilization for an inference server pool.", "name");
    private final Gauge poolQueue = gauge("inference_pool_average_queue_size",
            "The average number of requests pending in the model server queue.", "name");
    private final Gauge poolReadyPods = gauge("inference_pool_ready_pods",
            "The number of ready pods in the inference server pool.", "name");
    private final Histogram schedulerE2e = histogram("inference_extension_scheduler_e2e_duration_seconds",
            "End-to-end scheduling latency distribution in seconds.", SCHEDULER_BUCKETS);
    private final Histogram pluginDuration = histogram("inference_extension_plugin_duration_seconds",
            "Plugin processing latency distribution in seconds for each extension point, plugin type and plugin name.",
            SCHEDULER_BUCKETS, "extension_point", "plugin_type", "plugin_name");
    private final Gauge prefixIndexerSize = gauge("inference_extension_prefix_indexer_size", "Size of the prefix indexer.");
    private final Histogram prefixHitRatio = histogram("inference_extension_prefix_indexer_hit_ratio",
            "Ratio of prefix length matched to total prefix length in the cache lookup.", HIT_RATIO_BUCKETS);
    private final Histogram prefixHitBytes = histogram("inference_extension_prefix_indexer_hit_bytes",
            "Length of the prefix match in number of bytes in the cache lookup.", HIT_BYTES_BUCKETS);

    public EppMetrics(String commit, String buildRef) {
        histogram("inference_objective_normalized_time_per_output_token_seconds",
                "Inference objective latency divided by number of output tokens in seconds for each model and target model.",
                NTPOT_BUCKETS, "model_name", "target_model_name");
        gauge("inference_extension_info", "General information of the current build of Inference Extension.", "commit", "build_ref")
                .labelValues(commit, buildRef).set(1);
        // The JVM's and the process's own families, as the Go EPP exposes go_* and process_*.
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** `inference_pool_per_pod_queue_size{name,model_server_pod}`: one series per endpoint, read at scrape time. */
    public void registerPerPodQueue(Datastore datastore) {
        GaugeWithCallback.builder()
                .name("inference_pool_per_pod_queue_size")
                .help(alpha("The total number of requests pending in the model server queue for each underlying pod."))
                .labelNames("name", "model_server_pod")
                .callback(callback -> datastore.pool().ifPresent(pool -> {
                    for (Endpoint e : datastore.endpoints()) {
                        String pod = e.id().rank() == 0 ? e.id().podName() : e.id().podName() + "-rank-" + e.id().rank();
                        callback.call(e.metrics().waitingQueueSize(), pool.name(), pod);
                    }
                }))
                .register(registry);
    }

    /** The pool-level gauges (§7.1) from the endpoints scraped within {@code staleness}; unchanged when none is fresh. */
    public void refreshPoolGauges(Datastore datastore, Duration staleness, Instant now) {
        datastore.pool().ifPresent(pool -> PoolLoad.of(datastore.endpoints(), now, staleness).ifPresent(load -> {
            poolKvCache.labelValues(pool.name()).set(load.averageKvCacheUtilization());
            poolQueue.labelValues(pool.name()).set(load.averageQueueSize());
            poolReadyPods.labelValues(pool.name()).set(load.freshEndpoints());
        }));
    }

    @Override
    public void requestRouted(String model, String targetModel, long bytes) {
        requestTotal.labelValues(model, targetModel).inc();
        requestSizes.labelValues(model, targetModel).observe(bytes);
    }

    @Override
    public void runningRequests(String model, int delta) {
        runningRequests.labelValues(model).inc(delta);
    }

    @Override
    public void requestError(String model, String targetModel, String errorCode) {
        requestErrorTotal.labelValues(model, targetModel, errorCode).inc();
    }

    @Override
    public void responseCompleted(String model, String targetModel, double seconds, long responseBytes) {
        if (seconds > 0) {
            requestDuration.labelValues(model, targetModel).observe(seconds);
        }
        responseSizes.labelValues(model, targetModel).observe(responseBytes);
    }

    @Override
    public void tokens(String model, String targetModel, int input, int output) {
        if (input > 0) {
            inputTokens.labelValues(model, targetModel).observe(input);
        }
        if (output > 0) {
            outputTokens.labelValues(model, targetModel).observe(output);
        }
    }

    @Override
    public void schedulerDuration(Duration duration) {
        schedulerE2e.observe(seconds(duration));
    }

    @Override
    public void pluginDuration(String extensionPoint, String pluginType, String pluginName, Duration duration) {
        pluginDuration.labelValues(extensionPoint, pluginType, pluginName).observe(seconds(duration));
    }

    @Override
    public void prefixIndexerHit(long hitBytes, double hitRatio, boolean hasRatio) {
        prefixHitBytes.observe(hitBytes);
        if (hasRatio) {
            prefixHitRatio.observe(hitRatio);
        }
    }

    @Override
    public void prefixIndexerSize(long entries) {
        prefixIndexerSize.set(entries);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String alpha(String help) {
        return "[ALPHA] " + help;
    }

    // Without exemplars: the Go EPP has none, and the Java client marks the span current at each
    // observation with an `exemplar=true` attribute, which leaked into the EPP's traces.

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(alpha(help)).labelNames(labels).withoutExemplars().register(registry);
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(alpha(help)).labelNames(labels).withoutExemplars().register(registry);
    }

    private Histogram histogram(String name, String help, double[] buckets, String... labels) {
        return Histogram.builder().name(name).help(alpha(help)).classicOnly().classicUpperBounds(buckets).labelNames(labels)
                .withoutExemplars().register(registry);
    }
}
