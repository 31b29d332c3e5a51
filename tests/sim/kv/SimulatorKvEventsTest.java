package sim.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sim.kv.SimKv.PROMPT;
import static sim.kv.SimKv.SEED;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import sim.engine.SimOptions;
import sim.server.PodSpec;
import sim.server.RunningPod;
import sim.server.SimulatorHost;
import tokens.ChatTemplate;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

/**
 * A simulator set up as vLLM (--tokenizer, --prefix-caching-hash-algo sha256_cbor, --hash-seed)
 * publishes the block hashes the EPP's precise scorer computes for the same request, as
 * epp/kvevents/README.md states them, and its replay socket answers "from sequence N".
 */
class SimulatorKvEventsTest {
    private static SimulatorHost host;
    private static ZContext zmq;
    private static HuggingFaceTokenizer tokenizer;
    private static final VllmBlockHasher HASHER = VllmBlockHasher.of("sha256_cbor", SEED);

    @BeforeAll
    static void start() throws Exception {
        host = SimulatorHost.create();
        zmq = new ZContext(1);
        tokenizer = HuggingFaceTokenizer.load(Path.of(SimKv.TOKENIZER), true);
    }

    @AfterAll
    static void stop() {
        host.close();
        zmq.close();
        tokenizer.close();
    }

    private static RunningPod start(String name, String address, SimOptions options) {
        return host.start(new PodSpec(name, address, 0, options));
    }

    /** Waits until the pod's replay buffer holds every expected hash, then checks the stored hashes are exactly them. */
    private static void assertPublishes(RunningPod pod, List<Long> expected) throws Exception {
        List<List<Long>> seen = new ArrayList<>();
        SimKv.await(() -> {
            try {
                List<Long> stored = SimKv.storedHashes(SimKv.replay(zmq, pod.address(), pod.replayPorts().get(0), 0));
                seen.add(stored);
                return stored.containsAll(expected);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the pod's BlockStored events");
        assertEquals(expected, seen.get(seen.size() - 1));
    }

    @Test
    void completionBlocksAreHashedAsTheEppHashesThem() throws Exception {
        RunningPod pod = start("completion", "127.0.0.41", SimKv.vllmLike());
        SimKv.complete(pod, PROMPT, null);
        // The EPP: completions are tokenized with special tokens (BOS), hashed in 16-token blocks with the seed.
        long[] expected = HASHER.hashFullBlocks(tokenizer.encode(PROMPT, true), 16, null, null);
        assertTrue(expected.length >= 4, "several full blocks: " + expected.length);
        assertPublishes(pod, SimKv.list(expected));
        host.stop("completion");
    }

    @Test
    void chatBlocksAreRenderedWithTheChatTemplateAndHashedAsTheEppHashesThem() throws Exception {
        RunningPod pod = start("chat", "127.0.0.42", SimKv.vllmLike());
        List<String[]> messages = List.of(new String[] {"system", "sailors sing"}, new String[] {"user", PROMPT});
        HttpResponse<String> response = SimKv.chat(pod, messages);
        assertEquals(200, response.statusCode(), response.body());
        ChatTemplate template = ChatTemplate.load(Path.of("tokens/tiny/tokenizer_config.json")).orElseThrow();
        String rendered = template.render(List.of(new ChatTemplate.Message("system", "sailors sing"),
                new ChatTemplate.Message("user", PROMPT)), true);
        long[] expected = HASHER.hashFullBlocks(tokenizer.encode(rendered, false), 16, null, null);
        assertPublishes(pod, SimKv.list(expected));
        // Echo mode answers with the last user message: the request went through as a chat.
        assertTrue(response.body().contains("\"content\":\"the \""), response.body());
        host.stop("chat");
    }

    @Test
    void aCacheSaltKeysTheFirstBlock() throws Exception {
        RunningPod pod = start("salted", "127.0.0.43", SimKv.vllmLike());
        SimKv.complete(pod, PROMPT, "tenant-a");
        long[] salted = HASHER.hashFullBlocks(tokenizer.encode(PROMPT, true), 16, null, "tenant-a");
        assertNotEquals(HASHER.hashFullBlocks(tokenizer.encode(PROMPT, true), 16, null, null)[0], salted[0]);
        assertPublishes(pod, SimKv.list(salted));
        host.stop("salted");
    }

    @Test
    void theReplaySocketAnswersFromTheAskedSequenceOutOfABoundedBuffer() throws Exception {
        SimOptions options = SimKv.vllmLike();
        options.kvEventsReplayQueueSize = 3;
        RunningPod pod = start("replay", "127.0.0.44", options);
        for (int i = 0; i < 5; i++) {
            SimKv.complete(pod, i + " " + PROMPT, null);
        }
        // Batch 0 is AllBlocksCleared; each request stores its blocks in one more batch.
        SimKv.await(() -> SimKv.replay(zmq, pod.address(), pod.replayPorts().get(0), 0).stream()
                .anyMatch(b -> b.seq() == 5), "the fifth request's batch");
        List<SimKv.Batch> all = SimKv.replay(zmq, pod.address(), pod.replayPorts().get(0), 0);
        assertEquals(List.of(3L, 4L, 5L), all.stream().map(SimKv.Batch::seq).toList(), "the last 3 batches only");
        List<SimKv.Batch> gap = SimKv.replay(zmq, pod.address(), pod.replayPorts().get(0), 4);
        assertEquals(List.of(4L, 5L), gap.stream().map(SimKv.Batch::seq).toList(), "from the gap's first sequence on");
        long[] last = HASHER.hashFullBlocks(tokenizer.encode("4 " + PROMPT, true), 16, null, null);
        assertEquals(SimKv.list(last), SimKv.storedHashes(List.of(gap.get(1))));
        assertEquals(List.of(), SimKv.replay(zmq, pod.address(), pod.replayPorts().get(0), 6), "nothing newer: only the end marker");
        host.stop("replay");
    }

    @Test
    void eachPodBindsItsOwnAddressOnTheSamePorts() throws Exception {
        RunningPod a = start("own-a", "127.0.0.45", SimKv.vllmLike());
        SimOptions same = SimKv.vllmLike();
        same.zmqEndpoint = "tcp://*:" + a.kvEventPorts().get(0);
        same.kvEventsReplayEndpoint = "tcp://*:" + a.replayPorts().get(0);
        RunningPod b = start("own-b", "127.0.0.46", same);
        assertEquals(a.kvEventPorts(), b.kvEventPorts());
        assertEquals(a.replayPorts(), b.replayPorts());
        SimKv.complete(b, PROMPT, null);
        assertPublishes(b, SimKv.list(HASHER.hashFullBlocks(tokenizer.encode(PROMPT, true), 16, null, null)));
        assertEquals(List.of(), SimKv.storedHashes(SimKv.replay(zmq, a.address(), a.replayPorts().get(0), 0)), "pod A stored nothing");
        // A stopped pod frees its ports: it starts again on them.
        host.stop("own-b");
        RunningPod again = start("own-b", "127.0.0.46", same);
        assertEquals(a.kvEventPorts(), again.kvEventPorts());
        host.stop("own-a");
        host.stop("own-b");
    }

    @Test
    void metricsNameTheHashAlgorithm() throws Exception {
        RunningPod pod = start("metrics", "127.0.0.47", SimKv.vllmLike());
        HttpResponse<String> response = SimKv.get(pod, "/metrics");
        assertTrue(response.body().contains("prefix_caching_hash_algo=\"sha256_cbor\""), response.body());
        host.stop("metrics");
    }

    @Test
    void aChatWithoutATemplateIs400() throws Exception {
        Path dir = Files.createTempDirectory("tokenizer-without-template");
        Files.copy(Path.of(SimKv.TOKENIZER), dir.resolve("tokenizer.json"));
        SimOptions options = SimKv.vllmLike();
        options.tokenizer = dir.toString();
        RunningPod pod = start("no-template", "127.0.0.48", options);
        HttpResponse<String> response = SimKv.chat(pod, List.<String[]>of(new String[] {"user", "hi"}));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("chat template"), response.body());
        SimKv.complete(pod, PROMPT, null);
        host.stop("no-template");
    }

    @Test
    void badHashSettingsAreReportedWithTheirFix() {
        SimOptions noSeed = new SimOptions();
        noSeed.prefixCachingHashAlgo = "sha256_cbor";
        assertTrue(noSeed.problems().stream().anyMatch(p -> p.contains("--hash-seed or PYTHONHASHSEED")), noSeed.problems().toString());
        SimOptions pickle = new SimOptions();
        pickle.prefixCachingHashAlgo = "sha256";
        pickle.hashSeed = "1";
        assertTrue(pickle.problems().stream().anyMatch(p -> p.contains("use sha256_cbor")), pickle.problems().toString());
        SimOptions missing = new SimOptions();
        missing.tokenizer = "no/such/tokenizer.json";
        assertTrue(missing.problems().stream().anyMatch(p -> p.contains("--tokenizer no/such/tokenizer.json")));
        assertThrows(IllegalArgumentException.class, () -> new PodSpec("bad", "127.0.0.49", 0, missing));
    }

    @Test
    void dataParallelRanksWhoseEventAndReplayPortsCollideAreRefused() {
        SimOptions ranks = new SimOptions();
        ranks.enableKvcache = true;
        ranks.dataParallelSize = 2; // rank 1 would publish on 5558, rank 0's replay port
        assertTrue(ranks.problems().stream().anyMatch(p -> p.contains("--kv-events-replay-endpoint tcp://*:5560")),
                ranks.problems().toString());
        ranks.kvEventsReplayEndpoint = "tcp://*:5600";
        assertEquals(List.of(), ranks.problems());
    }
}
