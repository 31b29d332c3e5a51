package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScrapeConfigTest {
    @Test
    void theDefaultsAreTheReferenceFlagDefaults() {
        ScrapeConfig c = ScrapeConfig.defaults();

        assertEquals(Optional.of(new MetricSpec("vllm:num_requests_waiting", Map.of())), c.queuedRequests());
        assertEquals(Optional.of(new MetricSpec("vllm:gpu_cache_usage_perc", Map.of())), c.kvCacheUsage());
        assertEquals(Optional.of(new MetricSpec("vllm:lora_requests_info", Map.of())), c.loraInfo());
        assertEquals(Optional.of(new MetricSpec("vllm:cache_config_info", Map.of())), c.cacheInfo());
        assertEquals(Duration.ofMillis(50), c.interval());
        assertEquals(0, c.port());
        assertEquals("/metrics", c.path());
        assertEquals("http", c.scheme());
        assertEquals(true, c.insecureSkipVerify());
    }

    @Test
    void anEmptySpecIsNotScraped() {
        assertEquals(Optional.empty(), ScrapeConfig.forPreset(ModelServerPreset.TRITON_TENSORRT_LLM).loraInfo());
    }

    @Test
    void aBadSpecNamesItsFlagAndKeepsTheReferenceMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScrapeConfig.fromFlags("q", "kv{x}", "", "",
                Duration.ofMillis(50), 0, "/metrics", "http", true));
        assertEquals("invalid --kv-cache-usage-percentage-metric: invalid label pair: \"x\" in metric spec: \"kv{x}\""
                + " (expected name or name{label=value,...}, empty to not scrape it)", e.getMessage());
    }

    @Test
    void onlyHttpAndHttpsAreSchemes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScrapeConfig.fromFlags("q", "", "", "",
                Duration.ofMillis(50), 0, "/metrics", "grpc", true));
        assertEquals("unexpected \"grpc\" value for \"model-server-metrics-scheme\" flag, it can only be set to"
                + " 'http' or 'https'", e.getMessage());
    }

    @Test
    void intervalAndPortAreChecked() {
        var interval = assertThrows(IllegalArgumentException.class,
                () -> ScrapeConfig.defaults().withInterval(Duration.ZERO));
        assertEquals("invalid --refresh-metrics-interval PT0S: the scrape period must be positive, e.g. 50ms",
                interval.getMessage());
        var port = assertThrows(IllegalArgumentException.class, () -> ScrapeConfig.defaults().withPort(70000));
        assertEquals("invalid --model-server-metrics-port 70000: use a port between 1 and 65535, or 0 for the"
                + " pool's target port", port.getMessage());
    }

    @Test
    void aPathWithoutLeadingSlashGetsOne() {
        assertEquals("/stats", ScrapeConfig.fromFlags("q", "", "", "", Duration.ofMillis(50), 0, "stats", "http", true)
                .path());
    }
}
