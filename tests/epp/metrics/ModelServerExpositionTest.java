package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.ModelServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real model-server expositions (see FIXTURES.md) read into the snapshot the scheduler sees. */
class ModelServerExpositionTest {
    private static final Path FIXTURES = Path.of("tests/epp/metrics");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** A snapshot whose every field differs from what the fixtures hold, to see which ones a scrape sets. */
    private static final ModelServerMetrics PREVIOUS =
            new ModelServerMetrics(99, 7, 0.5, Set.of("old"), Set.of("older"), 3, 99, NOW.minusSeconds(1));

    @Test
    void vllm028OnCpuWithTheDefaultFlagsFallsBackToTheRenamedKvMetric() throws Exception {
        var result = scrape(ScrapeConfig.defaults(), "vllm-0.28.0-cpu-queued.txt");

        ModelServerMetrics m = result.metrics();
        assertEquals(12, m.waitingQueueSize());
        assertEquals(0.004618937644341847, m.kvCacheUsagePercent());
        assertEquals(128, m.cacheBlockSize());
        assertEquals(NOW, m.updateTime());
        // LoRA is off on that server: no lora_requests_info family, LoRA fields untouched, one error.
        assertEquals(Set.of("old"), m.activeModels());
        assertEquals(3, m.maxActiveModels());
        assertEquals(List.of("metric family \"vllm:lora_requests_info\" not found"), result.errors());
        assertEquals(7, m.runningQueueSize(), "never scraped, kept as it was");
    }

    @Test
    void vllm028OnAnL4WithItsKvCacheExhausted() throws Exception {
        var config = ScrapeConfig.fromFlags("vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "",
                "vllm:cache_config_info", Duration.ofMillis(50), 0, "/metrics", "http", true);

        var result = scrape(config, "vllm-0.28.0-gpu-l4-kv-exhausted.txt");

        assertEquals(16, result.metrics().waitingQueueSize());
        assertEquals(0.9990224828934506, result.metrics().kvCacheUsagePercent());
        assertEquals(16, result.metrics().cacheBlockSize());
        assertEquals(List.of(), result.errors());
    }

    @Test
    void vllm043ConfiguredWithTheNewKvNameFallsBackToTheOldOne() throws Exception {
        var config = ScrapeConfig.fromFlags("vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "",
                "vllm:cache_config_info", Duration.ofMillis(50), 0, "/metrics", "http", true);

        var result = scrape(config, "vllm-0.4.3-datadog-fixture.txt");

        assertEquals(0, result.metrics().waitingQueueSize());
        assertEquals(0.0, result.metrics().kvCacheUsagePercent(), "read from vllm:gpu_cache_usage_perc");
        assertEquals(16, result.metrics().cacheBlockSize());
        assertEquals(List.of(), result.errors());
    }

    @Test
    void vllmV0WithLoraOffHasAnInfoSeriesListingNoAdaptersWhichChangesNothing() throws Exception {
        var result = scrape(ScrapeConfig.defaults(), "vllm-v0-aibrix-runtime-doc.txt");

        ModelServerMetrics m = result.metrics();
        assertEquals(0, m.waitingQueueSize());
        assertEquals(0.0, m.kvCacheUsagePercent());
        assertEquals(16, m.cacheBlockSize());
        assertEquals(Set.of("old"), m.activeModels());
        assertEquals(Set.of("older"), m.waitingModels());
        assertEquals(3, m.maxActiveModels());
        assertEquals(List.of(), result.errors());
    }

    @Test
    void tritonTensorRtLlmPresetReadsTheLabelledSeries() throws Exception {
        var result = scrape(ScrapeConfig.forPreset(ModelServerPreset.TRITON_TENSORRT_LLM),
                "triton-trtllm-tensorrtllm_backend-readme.txt");

        assertEquals(1, result.metrics().waitingQueueSize());
        assertEquals(0.4875, result.metrics().kvCacheUsagePercent());
        assertEquals(99, result.metrics().cacheBlockSize(), "no cache info on Triton: unchanged");
        assertEquals(List.of("metric family \"vllm:cache_config_info\" not found"), result.errors());
    }

    @Test
    void sglangPreset() throws Exception {
        var result = scrape(ScrapeConfig.forPreset(ModelServerPreset.SGLANG), "sglang-docs-production-metrics.txt");

        assertEquals(2826, result.metrics().waitingQueueSize());
        assertEquals(0.28, result.metrics().kvCacheUsagePercent());
    }

    @Test
    void loraAdaptersComeFromTheLatestInfoSeriesThatListsAny() throws Exception {
        // Shaped like the vLLM V0 fixture's series; no public full dump with adapters loaded exists.
        String body = """
                # HELP vllm:lora_requests_info Running stats on lora requests.
                # TYPE vllm:lora_requests_info gauge
                vllm:lora_requests_info{max_lora="4",running_lora_adapters="sql-lora,tweet-summary",waiting_lora_adapters=""} 1.7382173358407154e+09
                vllm:lora_requests_info{max_lora="4",running_lora_adapters="sql-lora",waiting_lora_adapters="a, b"} 1.7382173400000000e+09
                vllm:lora_requests_info{max_lora="4",running_lora_adapters="",waiting_lora_adapters=""} 1.7382173500000000e+09
                """;
        var extractor = new MetricsExtractor(ScrapeConfig.fromFlags("", "", "vllm:lora_requests_info", "",
                Duration.ofMillis(50), 0, "/metrics", "http", true));

        var result = extractor.extract(new ExpositionParser(extractor.familyNames()).parse(body), PREVIOUS, NOW);

        assertEquals(Set.of("sql-lora"), result.metrics().activeModels());
        assertEquals(Set.of("a", " b"), result.metrics().waitingModels(), "not trimmed, as the reference");
        assertEquals(4, result.metrics().maxActiveModels());
        assertEquals(List.of(), result.errors());
    }

    @Test
    void aSpecWhoseLabelsMatchNoSeriesLeavesTheValueAndSaysSo() throws Exception {
        var config = ScrapeConfig.fromFlags("nv_trt_llm_request_metrics{request_type=\"waiting\"}", "", "", "",
                Duration.ofMillis(50), 0, "/metrics", "http", true);

        var result = scrape(config, "triton-trtllm-tensorrtllm_backend-readme.txt");

        assertEquals(99, result.metrics().waitingQueueSize());
        assertEquals(1, result.errors().size());
        assertTrue(result.errors().get(0).startsWith("no series of \"nv_trt_llm_request_metrics\""), result.errors().toString());
    }

    @Test
    void amongMatchingSeriesTheLatestTimestampWinsAndTheFirstOnTies() throws Exception {
        String body = """
                # TYPE q gauge
                q{a="1"} 5 1000
                q{a="1"} 6 3000
                q{a="1"} 7 3000
                q{a="2"} 8 9000
                # TYPE k gauge
                k{a="1"} 0.1
                k{a="1"} 0.2
                """;
        var extractor = new MetricsExtractor(ScrapeConfig.fromFlags("q{a=1}", "k", "", "",
                Duration.ofMillis(50), 0, "/metrics", "http", true));

        var m = extractor.extract(new ExpositionParser(extractor.familyNames()).parse(body), PREVIOUS, NOW).metrics();

        assertEquals(6, m.waitingQueueSize());
        assertEquals(0.1, m.kvCacheUsagePercent());
    }

    private static MetricsExtractor.Result scrape(ScrapeConfig config, String fixture) throws Exception {
        var extractor = new MetricsExtractor(config);
        byte[] body = Files.readAllBytes(FIXTURES.resolve(fixture));
        var exposition = new ExpositionParser(extractor.familyNames()).parse(body, body.length);
        return extractor.extract(exposition, PREVIOUS, NOW);
    }
}
