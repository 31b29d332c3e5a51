package sim.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sim.kv.SimKv.PROMPT;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.kvevents.ListeningDatastore;
import epp.scheduling.RequestBody;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.TestEndpoints;
import epp.scheduling.config.PluginRegistry;
import epp.scheduling.config.SchedulerLoader;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.ProfileScheduler;
import epp.scheduling.plugins.precise.PrecisePrefixCacheScorer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import sim.engine.SimOptions;
import sim.server.PodSpec;
import sim.server.RunningPod;
import sim.server.SimulatorHost;

/**
 * Two simulators set up as vLLM publish KV events on their own 127.0.0.x addresses; the EPP's
 * precise-prefix-cache-scorer (loaded from an EndpointPickerConfig, its KvEventSubscriber following
 * the datastore) learns from them which pod served which prompt: a request sharing a long prefix
 * with one a pod served goes to that pod, for completions and chats.
 */
class PreciseRoutingWithSimulatorsTest {
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

    @Test
    void theScorerRanksThePodThatServedTheSharedPrefixFirst() throws Exception {
        try (SimulatorHost host = SimulatorHost.create()) {
            RunningPod a = host.start(new PodSpec("pod-a", "127.0.0.51", 0, SimKv.vllmLike()));
            SimOptions sameEventPorts = SimKv.vllmLike();
            sameEventPorts.zmqEndpoint = "tcp://*:" + a.kvEventPorts().get(0);
            sameEventPorts.kvEventsReplayEndpoint = "tcp://*:" + a.replayPorts().get(0);
            RunningPod b = host.start(new PodSpec("pod-b", "127.0.0.52", 0, sameEventPorts));

            Endpoint ea = new Endpoint(new EndpointId("ns", "pod-a", 0), a.address(), a.port(), Map.of());
            Endpoint eb = new Endpoint(new EndpointId("ns", "pod-b", 0), b.address(), b.port(), Map.of());
            ListeningDatastore datastore = new ListeningDatastore();
            datastore.add(ea);
            datastore.add(eb);

            AtomicReference<PrecisePrefixCacheScorer> plugin = new AtomicReference<>();
            PluginRegistry registry = PluginRegistry.inTree().with(PrecisePrefixCacheScorer.TYPE, (name, parameters, handle) -> {
                plugin.set(PrecisePrefixCacheScorer.create(name, parameters, handle));
                return plugin.get();
            });
            // sim/README.md's matching EPP configuration, with this test's ports.
            String config = """
                    apiVersion: inference.networking.x-k8s.io/v1alpha1
                    kind: EndpointPickerConfig
                    plugins:
                    - type: precise-prefix-cache-scorer
                      parameters:
                        tokenProcessorConfig: {blockSize: 16, hashSeed: "%s"}
                        indexerConfig:
                          tokenizersPoolConfig:
                            modelName: %s
                            local: {modelTokenizerMap: {%s: %s}}
                        kvEventsConfig:
                          podDiscoveryConfig: {socketPort: %d, replayPort: %d}
                    - type: max-score-picker
                    schedulingProfiles:
                    - name: default
                      plugins:
                      - pluginRef: precise-prefix-cache-scorer
                      - pluginRef: max-score-picker
                    """.formatted(SimKv.SEED, MODEL, MODEL, SimKv.TOKENIZER, a.kvEventPorts().get(0), a.replayPorts().get(0));
            try (ProfileScheduler scheduler = SchedulerLoader.fromText(config, TestEndpoints.handle(datastore, 7), registry)) {
                PrecisePrefixCacheScorer scorer = plugin.get();
                assertTrue(scorer.precise(), "the scorer reproduces the simulators' hashes");
                List<Candidate> candidates = TestEndpoints.candidates(ea, eb);
                awaitSubscribed(scorer, a, 0, candidates);
                awaitSubscribed(scorer, b, 1, candidates);

                // Completions: pod A serves a long prompt; a request sharing its prefix goes to A.
                SimKv.complete(a, PROMPT + " what did the cat sing", null);
                SchedulingRequest sharing = completion("r1", PROMPT + " where did the ships go");
                SimKv.await(() -> scorer.score(sharing, candidates)[0] > 0.5, "pod A's blocks in the EPP's index");
                double[] scores = scorer.score(sharing, candidates);
                assertEquals(0.0, scores[1], "pod B holds none of it");
                assertEquals(List.of(ea), scheduler.schedule(sharing, datastore.endpoints()).primaryTargets());

                // Chats: pod B serves a conversation with a long system prompt; the next turn goes to B.
                String system = "you sing of " + PROMPT;
                HttpResponse<String> served = SimKv.chat(b, List.of(new String[] {"system", system}, new String[] {"user", "hi"}));
                assertEquals(200, served.statusCode(), served.body());
                SchedulingRequest nextTurn = new SchedulingRequest("r2", MODEL, new RequestBody.ChatCompletions(List.of(
                        new RequestBody.Message("system", system), new RequestBody.Message("user", "and the stars")), ""), Map.of());
                SimKv.await(() -> scorer.score(nextTurn, candidates)[1] > 0.5, "pod B's chat blocks in the EPP's index");
                assertEquals(0.0, scorer.score(nextTurn, candidates)[0], "pod A never saw that chat");
                assertEquals(List.of(eb), scheduler.schedule(nextTurn, datastore.endpoints()).primaryTargets());
            }
        }
    }

    private static SchedulingRequest completion(String id, String prompt) {
        return new SchedulingRequest(id, MODEL, new RequestBody.Completions(prompt, ""), Map.of());
    }

    /**
     * ZMQ drops what a PUB socket sends before a subscription reaches it, and nothing tells when
     * the EPP's has: serve warm-up requests on the pod until the EPP's index shows one of them.
     */
    private static void awaitSubscribed(PrecisePrefixCacheScorer scorer, RunningPod pod, int index, List<Candidate> candidates)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            String prompt = "warm up " + pod.name() + " " + attempt + " " + PROMPT;
            SimKv.complete(pod, prompt, null);
            SchedulingRequest probe = completion("probe", prompt);
            try {
                SimKv.await(() -> scorer.score(probe, candidates)[index] > 0, pod.name() + "'s warm-up blocks", 500);
                return;
            } catch (AssertionError notYet) {
                if (attempt == 20) {
                    throw notYet;
                }
            }
        }
    }
}
