package epp.scheduling.plugins.precise;

import static epp.scheduling.TestEndpoints.candidates;
import static epp.scheduling.TestEndpoints.completion;
import static epp.scheduling.TestEndpoints.endpoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import epp.datastore.Endpoint;
import epp.logging.Log;
import epp.scheduling.RequestBody;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.TestEndpoints;
import epp.scheduling.TestEndpoints.FakeDatastore;
import epp.scheduling.framework.InvalidParametersException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tokens.ChatTemplate;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

class PrecisePrefixCacheScorerTest {
    static final String TINY = Path.of("tokens/tiny/tokenizer.json").toString();
    static final String PROMPT = "the cat and the hat sat on the mat to sing a song of the sea and the stars "
            + "in the night that the sailors sing in the port of the north when the ships return";

    private final Endpoint a = endpoint("a", "10.0.0.1");
    private final Endpoint b = endpoint("b", "10.0.0.2");
    private final Endpoint c = endpoint("c", "10.0.0.3");
    private final FakeDatastore datastore = new FakeDatastore(a, b, c);
    private PrecisePrefixCacheScorer scorer;

    @AfterEach
    void close() throws Exception {
        Log.redirect(System.err);
        if (scorer != null) {
            scorer.close();
        }
    }

    static JsonNode parameters(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    static String preciseParameters(String seed) {
        return """
                {"tokenProcessorConfig": {"blockSize": 4, "hashSeed": "%s"},
                 "indexerConfig": {"tokenizersPoolConfig": {"modelName": "tiny",
                    "local": {"modelTokenizerMap": {"tiny": "%s"}}}}}""".formatted(seed, TINY);
    }

    /** The prompt's block hashes, computed from the tokenizer and hasher directly. */
    static long[] blockHashes(String prompt, int blockSize, String seed) throws Exception {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(Path.of(TINY), true)) {
            return VllmBlockHasher.of("sha256_cbor", seed).hashFullBlocks(tokenizer.encode(prompt), blockSize, null);
        }
    }

    @Test
    void theEndpointHoldingTheLongestPrefixScoresHighest() throws Exception {
        scorer = PrecisePrefixCacheScorer.create("p", parameters(preciseParameters("42")), TestEndpoints.handle(datastore, 1));
        assertTrue(scorer.precise());
        long[] hashes = blockHashes(PROMPT, 4, "42");
        assertTrue(hashes.length >= 8, "the prompt spans several blocks: " + hashes.length);
        scorer.index().add(hashes, a.id());                              // all of it
        scorer.index().add(Arrays.copyOf(hashes, 3), b.id());            // the first three blocks
        scorer.index().add(Arrays.copyOfRange(hashes, 1, hashes.length), c.id()); // all but the first: no prefix

        double[] scores = scorer.score(completion("r1", "tiny", PROMPT), candidates(a, b, c));
        assertArrayEquals(new double[] {1.0, 3.0 / hashes.length, 0.0}, scores, 1e-12);
    }

    @Test
    void aPromptShorterThanABlockScoresZeroEverywhere() throws Exception {
        scorer = PrecisePrefixCacheScorer.create("p", parameters(preciseParameters("42")), TestEndpoints.handle(datastore, 1));
        assertArrayEquals(new double[] {0, 0}, scorer.score(completion("r", "tiny", "the"), candidates(a, b)));
    }

    @Test
    void theCacheSaltChangesTheHashesAsVllmDoes() throws Exception {
        scorer = PrecisePrefixCacheScorer.create("p", parameters(preciseParameters("42")), TestEndpoints.handle(datastore, 1));
        scorer.index().add(blockHashes(PROMPT, 4, "42"), a.id());
        SchedulingRequest salted = new SchedulingRequest("r", "tiny", new RequestBody.Completions(PROMPT, "tenant"), Map.of());
        assertArrayEquals(new double[] {0.0}, scorer.score(salted, candidates(a)));
    }

    @Test
    void withoutAHashSeedItSaysSoAndScoresApproximately() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        scorer = PrecisePrefixCacheScorer.create("p", parameters("""
                {"indexerConfig": {"tokenizersPoolConfig": {"modelName": "tiny",
                    "local": {"modelTokenizerMap": {"tiny": "%s"}}}}}""".formatted(TINY)), TestEndpoints.handle(datastore, 1));
        assertFalse(scorer.precise());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("hashSeed is not set"), log.toString(StandardCharsets.UTF_8));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("approximate prefix-cache scorer"));
    }

    @Test
    void withoutATokenizerItSaysSoAndLearnsLikeTheApproximateScorer() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        scorer = PrecisePrefixCacheScorer.create("p", parameters("""
                {"tokenProcessorConfig": {"hashSeed": "42"},
                 "indexerConfig": {"tokenizersPoolConfig": {"modelName": "meta-llama/Llama-3.1-8B-Instruct",
                    "local": {"autoDiscoveryDir": "/nonexistent/models"}}}}"""), TestEndpoints.handle(datastore, 1));
        assertFalse(scorer.precise());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("no tokenizer"), text);
        assertTrue(text.contains("/nonexistent/models/meta-llama/Llama-3.1-8B-Instruct/tokenizer.json"), text);

        // The approximate scorer's behaviour: after a pick, the picked server scores for the same prompt.
        String prompt = "x".repeat(64 * 4);
        SchedulingRequest first = completion("r1", "m", prompt);
        scorer.score(first, candidates(a, b));
        scorer.preRequest(first, new epp.scheduling.SchedulingResult("default", Map.of("default", List.of(b))), 8000);
        assertArrayEquals(new double[] {0.0, 1.0}, scorer.score(completion("r2", "m", prompt), candidates(a, b)));
    }

    @Test
    void anIrreproducibleHashAlgorithmFallsBackNamingTheFix() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        scorer = PrecisePrefixCacheScorer.create("p", parameters("""
                {"tokenProcessorConfig": {"hashSeed": "42", "hashAlgo": "builtin"}}"""), TestEndpoints.handle(datastore, 1));
        assertFalse(scorer.precise());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("--prefix-caching-hash-algo sha256_cbor"));
    }

    @Test
    void badParametersNameThePath() {
        InvalidParametersException seed = assertThrows(InvalidParametersException.class, () -> PreciseConfig.from(
                parameters("{\"tokenProcessorConfig\": {\"hashSeed\": 42}}")));
        assertTrue(seed.getMessage().contains("tokenProcessorConfig.hashSeed must be a string"), seed.getMessage());
        assertTrue(seed.getMessage().contains("quote it"), seed.getMessage());
        InvalidParametersException block = assertThrows(InvalidParametersException.class, () -> PreciseConfig.from(
                parameters("{\"indexerConfig\": {\"tokenProcessorConfig\": {\"blockSize\": 0}}}")));
        assertTrue(block.getMessage().contains("blockSize must be at least 1"), block.getMessage());
        InvalidParametersException port = assertThrows(InvalidParametersException.class, () -> PreciseConfig.from(
                parameters("{\"kvEventsConfig\": {\"podDiscoveryConfig\": {\"socketPort\": 70000}}}")));
        assertTrue(port.getMessage().contains("socketPort"), port.getMessage());
    }

    @Test
    void llmdParameterNamesAreRead() throws Exception {
        PreciseConfig config = PreciseConfig.from(parameters("""
                {"indexerConfig": {"tokenProcessorConfig": {"blockSize": 64, "hashSeed": "7"},
                                   "kvBlockIndexConfig": {"inMemoryConfig": {"size": 5000, "podCacheSize": 3}}},
                 "kvEventsConfig": {"topicFilter": "kv@", "podDiscoveryConfig": {"socketPort": 6000, "replayPort": 6100}}}"""));
        assertEquals(64, config.blockSize());
        assertEquals("7", config.hashSeed());
        assertEquals(5000, config.indexSize());
        assertEquals(3, config.endpointsPerBlock());
        assertEquals("kv@", config.kvEvents().topicFilter());
        assertEquals(6000, config.kvEvents().socketPort());
        assertEquals(6100, config.kvEvents().replayPort());
    }

    @Test
    void chatRequestsAreRenderedWithTheModelsTemplateAndTokenizedWithoutSpecialTokens() throws Exception {
        scorer = PrecisePrefixCacheScorer.create("p", parameters(preciseParameters("42")), TestEndpoints.handle(datastore, 1));
        List<ChatTemplate.Message> messages = List.of(new ChatTemplate.Message("system", "you sing of the sea"),
                new ChatTemplate.Message("user", PROMPT));
        // The model server's side: the template's text, tokenized without adding BOS again.
        String text = ChatTemplate.load(Path.of("tokens/tiny/tokenizer_config.json")).orElseThrow().render(messages, true);
        long[] hashes;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(Path.of(TINY), false)) {
            hashes = VllmBlockHasher.of("sha256_cbor", "42").hashFullBlocks(tokenizer.encode(text), 4, null);
        }
        scorer.index().add(hashes, b.id());
        scorer.index().add(Arrays.copyOf(hashes, 2), a.id());
        SchedulingRequest chat = new SchedulingRequest("r", "tiny", new RequestBody.ChatCompletions(List.of(
                new RequestBody.Message("system", "you sing of the sea"), new RequestBody.Message("user", PROMPT)), ""), Map.of());
        assertArrayEquals(new double[] {2.0 / hashes.length, 1.0}, scorer.score(chat, candidates(a, b)), 1e-12);
    }
}
