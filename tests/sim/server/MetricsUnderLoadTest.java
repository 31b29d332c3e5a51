package sim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.metrics.ExpositionParser;
import epp.metrics.MetricsExtractor;
import epp.metrics.ModelServerMetrics;
import epp.metrics.ScrapeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sim.engine.Engine;
import sim.engine.FinishReason;
import sim.engine.InferenceRequest;
import sim.engine.KvEventSink;
import sim.engine.RequestListener;
import sim.engine.SimOptions;
import sim.engine.VirtualTimers;
import tokens.ByteChunkTokenizer;
import tokens.ChainedBlockHasher;

/** /metrics follows the engine's state, read by the EPP's own parser and extractor. */
class MetricsUnderLoadTest {
    private static final RequestListener IGNORE = new RequestListener() {
        @Override
        public void token(int index, String text) {}

        @Override
        public void finished(FinishReason reason, int promptTokens, int completionTokens) {}
    };

    private final VirtualTimers timers = new VirtualTimers();

    private ModelServerMetrics scrape(Engine engine) throws Exception {
        var extractor = new MetricsExtractor(ScrapeConfig.defaults());
        String text = MetricsExposition.render(engine, "m", 1.7e9);
        var result = extractor.extract(new ExpositionParser(extractor.familyNames()).parse(text),
                ModelServerMetrics.NEVER_SCRAPED, Instant.EPOCH);
        assertEquals(List.of(), result.errors());
        return result.metrics();
    }

    @Test
    void queueKvCacheAndAdaptersShowTheLoad() throws Exception {
        SimOptions options = new SimOptions();
        options.maxNumSeqs = 2;
        options.kvCacheSize = 100;
        options.loraModules = List.of("sql", "tweet");
        options.maxLoras = 1;
        Engine engine = new Engine(options.validate(), 0, timers, new ChainedBlockHasher(), KvEventSink.NONE);
        var tokenizer = new ByteChunkTokenizer();
        String prompt = "p".repeat(4 * 150);
        engine.submit(new InferenceRequest("sql", prompt, tokenizer.encode(prompt), 10, true), IGNORE);
        engine.submit(new InferenceRequest("tweet", prompt, tokenizer.encode(prompt), 10, true), IGNORE);
        engine.submit(new InferenceRequest(null, prompt, tokenizer.encode(prompt), 10, true), IGNORE);
        engine.submit(new InferenceRequest(null, prompt, tokenizer.encode(prompt), 10, true), IGNORE);

        ModelServerMetrics busy = scrape(engine);
        assertEquals(2, busy.waitingQueueSize(), "tweet waits for the adapter slot, the last for a batch slot");
        assertEquals(0.2, busy.kvCacheUsagePercent(), 1e-9, "sql and the first base request hold 10 blocks each (160 tokens); adapters never share blocks");
        assertEquals(Set.of("sql"), busy.activeModels());
        assertEquals(Set.of("tweet"), busy.waitingModels());
        assertEquals(1, busy.maxActiveModels());

        timers.runAll();
        ModelServerMetrics idle = scrape(engine);
        assertEquals(0, idle.waitingQueueSize());
        assertEquals(0.0, idle.kvCacheUsagePercent());
        String text = MetricsExposition.render(engine, "m", 1.7e9);
        assertTrue(text.contains("vllm:request_success_total{engine=\"0\",finished_reason=\"length\",model_name=\"m\"} 4.0\n"), text);
        assertTrue(text.contains("vllm:prefix_cache_queries_total{engine=\"0\",model_name=\"m\"} 600.0\n"));
        assertTrue(text.contains("vllm:num_requests_running{engine=\"0\",model_name=\"m\"} 0.0\n"));
    }

    @Test
    void numbersAreWrittenAsVllmsPrometheusClientWritesThem() throws Exception {
        // every number form of the real vLLM 0.28 exposition
        for (String line : Files.readAllLines(Path.of("tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt"))) {
            if (line.startsWith("vllm:") && !line.contains("_created")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                assertEquals(value, MetricsExposition.number(Double.parseDouble(value)), line);
            }
        }
        assertEquals("1.796402964097e+09", MetricsExposition.number(1.796402964097e9));
        assertEquals("0.0", MetricsExposition.number(0));
    }

    @Test
    void theExpositionIsWellFormedForEveryWantedFamily() throws Exception {
        SimOptions options = new SimOptions();
        options.timeToFirstToken = Duration.ofMillis(1);
        Engine engine = new Engine(options.validate(), 0, timers, new ChainedBlockHasher(), KvEventSink.NONE);
        String text = MetricsExposition.render(engine, "m", 1.7e9);
        var parsed = new ExpositionParser(MetricsExposition.FAMILIES).parse(text);
        for (String family : MetricsExposition.FAMILIES) {
            assertEquals(1, parsed.family(family).size(), family);
        }
    }
}
