package epp.metrics;

import common.GoQuote;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the EPP scrapes its model servers: the `--*-metric` specs and the `--refresh-metrics-interval`,
 * `--model-server-metrics-{port,path,scheme,https-insecure-skip-verify}` flags (epp.md §1.1, §4.4).
 *
 * @param port the port to scrape; 0 = each endpoint's own target port
 */
public record ScrapeConfig(
        Optional<MetricSpec> queuedRequests,
        Optional<MetricSpec> kvCacheUsage,
        Optional<MetricSpec> loraInfo,
        Optional<MetricSpec> cacheInfo,
        Duration interval,
        int port,
        String path,
        String scheme,
        boolean insecureSkipVerify) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);
    public static final String DEFAULT_PATH = "/metrics";
    public static final String DEFAULT_SCHEME = "http";

    public ScrapeConfig {
        Objects.requireNonNull(queuedRequests);
        Objects.requireNonNull(kvCacheUsage);
        Objects.requireNonNull(loraInfo);
        Objects.requireNonNull(cacheInfo);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("invalid --refresh-metrics-interval " + interval
                    + ": the scrape period must be positive, e.g. 50ms");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid --model-server-metrics-port " + port
                    + ": use a port between 1 and 65535, or 0 for the pool's target port");
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("unexpected " + GoQuote.quote(String.valueOf(scheme))
                    + " value for \"model-server-metrics-scheme\" flag, it can only be set to 'http' or 'https'");
        }
        // The reference concatenates host:port and path; "metrics" would make a broken URL.
        path = path.startsWith("/") ? path : "/" + path;
    }

    /**
     * Builds the configuration from flag values as typed, parsing the four metric specs.
     *
     * @throws IllegalArgumentException naming the flag, the value and what is wrong
     */
    public static ScrapeConfig fromFlags(String queuedRequestsSpec, String kvCacheUsageSpec, String loraInfoSpec,
                                         String cacheInfoSpec, Duration interval, int port, String path,
                                         String scheme, boolean insecureSkipVerify) {
        return new ScrapeConfig(
                spec("--total-queued-requests-metric", queuedRequestsSpec),
                spec("--kv-cache-usage-percentage-metric", kvCacheUsageSpec),
                spec("--lora-info-metric", loraInfoSpec),
                spec("--cache-info-metric", cacheInfoSpec),
                interval, port, path, scheme, insecureSkipVerify);
    }

    /** The flag defaults: vLLM specs, 50 ms, target port, http://…/metrics, skip verify. */
    public static ScrapeConfig defaults() {
        return forPreset(ModelServerPreset.VLLM);
    }

    public static ScrapeConfig forPreset(ModelServerPreset preset) {
        return fromFlags(preset.queuedRequestsSpec, preset.kvCacheUsageSpec, preset.loraInfoSpec, preset.cacheInfoSpec,
                DEFAULT_INTERVAL, 0, DEFAULT_PATH, DEFAULT_SCHEME, true);
    }

    public ScrapeConfig withInterval(Duration newInterval) {
        return new ScrapeConfig(queuedRequests, kvCacheUsage, loraInfo, cacheInfo, newInterval, port, path, scheme,
                insecureSkipVerify);
    }

    public ScrapeConfig withPort(int newPort) {
        return new ScrapeConfig(queuedRequests, kvCacheUsage, loraInfo, cacheInfo, interval, newPort, path, scheme,
                insecureSkipVerify);
    }

    private static Optional<MetricSpec> spec(String flag, String value) {
        try {
            return MetricSpec.parse(value);
        } catch (MetricSpec.InvalidMetricSpecException e) {
            throw new IllegalArgumentException("invalid " + flag + ": " + e.getMessage()
                    + " (expected name or name{label=value,...}, empty to not scrape it)", e);
        }
    }
}
