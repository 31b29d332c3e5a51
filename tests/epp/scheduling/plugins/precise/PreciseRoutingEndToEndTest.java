package epp.scheduling.plugins.precise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.kvevents.ListeningDatastore;
import epp.kvevents.VllmEventEncoder;
import epp.kvevents.VllmPublisher;
import epp.scheduling.RequestBody;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.TestEndpoints;
import epp.scheduling.config.PluginRegistry;
import epp.scheduling.config.SchedulerLoader;
import epp.scheduling.framework.ProfileScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

/**
 * Three model servers publish vLLM KV events on real ZMQ sockets (127.0.0.11-13); the EPP's
 * scheduler, loaded from an EndpointPickerConfig with the precise scorer, picks the one whose
 * events say it holds the prompt's longest prefix, and follows evictions.
 */
class PreciseRoutingEndToEndTest {
    private static final String PROMPT = PrecisePrefixCacheScorerTest.PROMPT;
    private static final String SEED = "1234";

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static Endpoint endpoint(String pod, String ip) {
        return new Endpoint(new EndpointId("ns", pod, 0), ip, 8000, Map.of());
    }

    @Test
    void picksTheServerWhoseEventsHoldTheLongestPrefix() throws Exception {
        // The model servers' side: vLLM tokenizes the prompt (BOS added) and hashes its 4-token blocks.
        int[] tokens;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(Path.of("tokens/tiny/tokenizer.json"), true)) {
            tokens = tokenizer.encode(PROMPT);
        }
        long[] hashes = VllmBlockHasher.of("sha256_cbor", SEED).hashFullBlocks(tokens, 4, null);
        int blocks = hashes.length;

        try (VllmPublisher p1 = new VllmPublisher("127.0.0.11", 0, -1, "kv@pod-1@tiny");
             VllmPublisher p2 = new VllmPublisher("127.0.0.12", p1.port(), -1, "kv@pod-2@tiny");
             VllmPublisher p3 = new VllmPublisher("127.0.0.13", p1.port(), -1, "kv@pod-3@tiny")) {
            Endpoint e1 = endpoint("pod-1", "127.0.0.11");
            Endpoint e2 = endpoint("pod-2", "127.0.0.12");
            Endpoint e3 = endpoint("pod-3", "127.0.0.13");
            ListeningDatastore datastore = new ListeningDatastore();
            List.of(e1, e2, e3).forEach(datastore::add);

            AtomicReference<PrecisePrefixCacheScorer> plugin = new AtomicReference<>();
            PluginRegistry registry = PluginRegistry.inTree().with(PrecisePrefixCacheScorer.TYPE, (name, parameters, handle) -> {
                plugin.set(PrecisePrefixCacheScorer.create(name, parameters, handle));
                return plugin.get();
            });
            String config = """
                    apiVersion: inference.networking.x-k8s.io/v1alpha1
                    kind: EndpointPickerConfig
                    plugins:
                    - type: precise-prefix-cache-scorer
                      parameters:
                        tokenProcessorConfig: {blockSize: 4, hashSeed: "%s"}
                        indexerConfig:
                          tokenizersPoolConfig:
                            modelName: tiny
                            local: {modelTokenizerMap: {tiny: tokens/tiny/tokenizer.json}}
                        kvEventsConfig:
                          podDiscoveryConfig: {socketPort: %d}
                    - type: max-score-picker
                    schedulingProfiles:
                    - name: default
                      plugins:
                      - pluginRef: precise-prefix-cache-scorer
                      - pluginRef: max-score-picker
                    """.formatted(SEED, p1.port());
            try (ProfileScheduler scheduler = SchedulerLoader.fromText(config, TestEndpoints.handle(datastore, 7), registry)) {
                p1.awaitSubscriber();
                p2.awaitSubscriber();
                p3.awaitSubscriber();

                // pod-1 computed the first 2 blocks of the prompt, pod-2 all of them, pod-3 none.
                p1.publish(new VllmEventEncoder().stored(Arrays.copyOf(hashes, 2), null, Arrays.copyOf(tokens, 8), 4)
                        .batch(1.0, 0));
                p2.publish(new VllmEventEncoder().stored(hashes, null, Arrays.copyOf(tokens, blocks * 4), 4).batch(1.0, 0));
                PrecisePrefixCacheScorer scorer = plugin.get();
                await(() -> scorer.index().contains(hashes[1], e1.id()) && scorer.index().contains(hashes[blocks - 1], e2.id()),
                        "both servers' events in the index");

                assertEquals(List.of(e2), pick(scheduler, datastore, "r1"));

                // pod-2 evicts the prompt's first block (its later blocks are no prefix any more): pod-1 wins.
                p2.publish(new VllmEventEncoder().removed(hashes[0]).batch(2.0, 0));
                await(() -> !scorer.index().contains(hashes[0], e2.id()), "pod-2's eviction");
                assertEquals(List.of(e1), pick(scheduler, datastore, "r2"));

                // pod-3 stores the whole prompt too and pod-1 leaves the pool.
                p3.publish(new VllmEventEncoder().stored(hashes, null, Arrays.copyOf(tokens, blocks * 4), 4).batch(3.0, 0));
                datastore.remove(e1);
                await(() -> scorer.index().contains(hashes[blocks - 1], e3.id()) && !scorer.index().contains(hashes[0], e1.id()),
                        "pod-3's blocks in and pod-1's out");
                assertEquals(List.of(e3), pick(scheduler, datastore, "r3"));
            }
        }
    }

    private static List<Endpoint> pick(ProfileScheduler scheduler, ListeningDatastore datastore, String id) throws Exception {
        SchedulingRequest request = new SchedulingRequest(id, "tiny", new RequestBody.Completions(PROMPT, ""), Map.of());
        return scheduler.schedule(request, datastore.endpoints()).primaryTargets();
    }
}
