package epp.scheduling.framework;

import static epp.scheduling.TestEndpoints.completion;
import static epp.scheduling.TestEndpoints.endpoint;
import static epp.scheduling.TestEndpoints.metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Endpoint;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.TestEndpoints;
import epp.scheduling.TestEndpoints.FakeDatastore;
import epp.scheduling.config.PluginRegistry;
import epp.scheduling.config.SchedulerLoader;
import epp.scheduling.plugins.KvCacheUtilizationScorer;
import epp.scheduling.plugins.MaxScorePicker;
import epp.scheduling.plugins.QueueScorer;
import epp.scheduling.plugins.SingleProfileHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProfileSchedulerTest {
    private final Endpoint busy = endpoint("busy", "10.0.0.1", metrics(8, 0.6));
    private final Endpoint medium = endpoint("medium", "10.0.0.2", metrics(3, 0.3));
    private final Endpoint idle = endpoint("idle", "10.0.0.3", metrics(0, 0.1));
    private final FakeDatastore datastore = new FakeDatastore(busy, medium, idle);

    private ProfileScheduler defaultScheduler(long seed) {
        return SchedulerLoader.defaultScheduler(TestEndpoints.handle(datastore, seed));
    }

    private static ProfileScheduler singleProfile(List<WeightedScorer> scorers, SchedulingObserver observer) {
        Picker picker = new MaxScorePicker("max-score-picker", 1, TestEndpoints.seeded(1));
        var profile = new SchedulerProfile(List.of(), scorers, picker);
        var handler = new SingleProfileHandler("single-profile-handler");
        List<Plugin> plugins = new ArrayList<>(scorers.stream().map(w -> (Plugin) w.scorer()).toList());
        plugins.add(picker);
        plugins.add(handler);
        return new ProfileScheduler(handler, Map.of("default", profile), plugins, observer);
    }

    @Test
    void theDefaultProfilePicksTheLeastLoadedEndpoint() throws Exception {
        ProfileScheduler scheduler = defaultScheduler(1);
        for (int i = 0; i < 20; i++) {
            SchedulingResult result = scheduler.schedule(completion("r" + i, "m", "hello"), List.of(busy, medium, idle));
            assertEquals("default", result.primaryProfile());
            assertEquals(List.of(idle), result.primaryTargets());
        }
    }

    @Test
    void preRequestMakesTheNextRequestWithTheSamePrefixFollowTheFirst() throws Exception {
        Endpoint twin1 = endpoint("twin-1", "10.0.1.1", metrics(1, 0.2));
        Endpoint twin2 = endpoint("twin-2", "10.0.1.2", metrics(1, 0.2));
        ProfileScheduler scheduler = defaultScheduler(3);
        for (int conversation = 0; conversation < 10; conversation++) {
            String prompt = ("conversation " + conversation + " ").repeat(40);
            SchedulingRequest first = completion("c" + conversation + "-1", "m", prompt);
            SchedulingResult firstResult = scheduler.schedule(first, List.of(twin1, twin2));
            scheduler.preRequest(first, firstResult, 8000);

            SchedulingRequest followUp = completion("c" + conversation + "-2", "m", prompt + " and more");
            SchedulingResult followUpResult = scheduler.schedule(followUp, List.of(twin1, twin2));
            assertEquals(firstResult.primaryTargets(), followUpResult.primaryTargets(), "conversation " + conversation);
            scheduler.preRequest(followUp, followUpResult, 8000);
        }
    }

    @Test
    void aProfileWhoseFiltersLeaveNothingFailsTheSchedule() throws Exception {
        ProfileScheduler conformance = SchedulerLoader.fromText("""
                apiVersion: inference.networking.x-k8s.io/v1alpha1
                kind: EndpointPickerConfig
                plugins:
                - type: header-based-testing-filter
                schedulingProfiles:
                - name: conformance-profile
                  plugins:
                  - pluginRef: header-based-testing-filter
                """, TestEndpoints.handle(datastore, 1), PluginRegistry.inTree());

        var noHeader = assertThrows(SchedulingException.class,
                () -> conformance.schedule(completion("r", "m", "p"), List.of(busy, idle)));
        assertEquals("failed to run scheduler profile 'conformance-profile'", noHeader.getMessage());

        var withHeader = new SchedulingRequest("r", "m", null, Map.of("test-epp-endpoint-selection", "10.0.0.1"));
        assertEquals(List.of(busy), conformance.schedule(withHeader, List.of(busy, idle)).primaryTargets());
    }

    @Test
    void noCandidatesFailsTheSchedule() {
        var error = assertThrows(SchedulingException.class,
                () -> defaultScheduler(1).schedule(completion("r", "m", "p"), List.of()));
        assertEquals("failed to run scheduler profile 'default'", error.getMessage());
    }

    @Test
    void eachEndpointsMetricsAreReadOnceForTheWholeCall() throws Exception {
        Endpoint a = endpoint("a", "10.0.0.1", metrics(0, 0.0));
        Endpoint b = endpoint("b", "10.0.0.2", metrics(0, 0.5));
        // Runs first and makes `a` look full; the kv-cache scorer after it must still see the call's snapshot.
        Scorer scraperRace = new Scorer() {
            @Override
            public TypedName typedName() {
                return new TypedName("race", "race");
            }

            @Override
            public double[] score(SchedulingRequest request, List<Candidate> candidates) {
                a.updateMetrics(metrics(0, 1.0));
                return new double[candidates.size()];
            }
        };
        ProfileScheduler scheduler = singleProfile(List.of(new WeightedScorer(scraperRace, 1),
                new WeightedScorer(new KvCacheUtilizationScorer("kv"), 1)), SchedulingObserver.NONE);

        assertEquals(List.of(a), scheduler.schedule(completion("r", "m", "p"), List.of(a, b)).primaryTargets());
    }

    @Test
    void weightsScaleClampedScoresAndMayBeNegative() throws Exception {
        Scorer outOfRange = new Scorer() {
            @Override
            public TypedName typedName() {
                return new TypedName("wild", "wild");
            }

            @Override
            public double[] score(SchedulingRequest request, List<Candidate> candidates) {
                // busy: 7 → clamped to 1; idle: -3 → clamped to 0
                return candidates.stream().mapToDouble(c -> c.endpoint() == busy ? 7 : -3).toArray();
            }
        };
        var queueAgainst = new WeightedScorer(new QueueScorer("queue"), -1); // prefers the busiest
        assertEquals(List.of(busy), singleProfile(List.of(queueAgainst), SchedulingObserver.NONE)
                .schedule(completion("r", "m", "p"), List.of(busy, idle)).primaryTargets());

        // wild: busy 7 → 1 × 2 = 2, idle −3 → 0; queue: busy 0, idle 1 × 1 = 1 ⇒ busy 2 beats idle 1.
        var scheduler = singleProfile(List.of(new WeightedScorer(outOfRange, 2), new WeightedScorer(new QueueScorer("queue"), 1)),
                SchedulingObserver.NONE);
        assertEquals(List.of(busy), scheduler.schedule(completion("r", "m", "p"), List.of(busy, idle)).primaryTargets());
    }

    @Test
    void pluginAndSchedulerDurationsAreReported() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        SchedulingObserver observer = new SchedulingObserver() {
            @Override
            public void schedulerDuration(Duration duration) {
                calls.add("e2e");
            }

            @Override
            public void pluginDuration(String extensionPoint, String pluginType, String pluginName, Duration duration) {
                assertTrue(!duration.isNegative());
                calls.add(extensionPoint + " " + pluginType + "/" + pluginName);
            }
        };
        ProfileScheduler scheduler = SchedulerLoader.defaultScheduler(new PluginHandle(datastore, observer,
                TestEndpoints.seeded(1), new TestEndpoints.ManualClock(), new TestEndpoints.ManualTasks()));

        SchedulingRequest request = completion("r", "m", "p");
        SchedulingResult result = scheduler.schedule(request, List.of(busy, idle));
        scheduler.preRequest(request, result, 8000);

        assertEquals(List.of(
                "ProfilePicker single-profile-handler/single-profile-handler",
                "Scorer queue-scorer/queue-scorer",
                "Scorer kv-cache-utilization-scorer/kv-cache-utilization-scorer",
                "Scorer prefix-cache-scorer/prefix-cache-scorer",
                "Picker max-score-picker/max-score-picker",
                "ProfilePicker single-profile-handler/single-profile-handler",
                "ProcessProfilesResults single-profile-handler/single-profile-handler",
                "e2e",
                "PreRequest prefix-cache-scorer/prefix-cache-scorer"), calls);
    }

    @Test
    void aHandlerThatNeverStopsPickingIsStopped() {
        ProfileHandler endless = new ProfileHandler() {
            @Override
            public TypedName typedName() {
                return new TypedName("endless", "endless");
            }

            @Override
            public Map<String, SchedulerProfile> pick(SchedulingRequest request, Map<String, SchedulerProfile> profiles,
                                                      Map<String, ProfileRunResult> resultsSoFar) {
                return profiles;
            }

            @Override
            public SchedulingResult processResults(SchedulingRequest request, Map<String, ProfileRunResult> results) {
                throw new AssertionError("not reached");
            }
        };
        var profile = new SchedulerProfile(List.of(), List.of(), new MaxScorePicker("p", 1, TestEndpoints.seeded(1)));
        var scheduler = new ProfileScheduler(endless, Map.of("only", profile), List.of(endless), SchedulingObserver.NONE);

        var error = assertThrows(SchedulingException.class, () -> scheduler.schedule(completion("r", "m", "p"), List.of(idle)));
        assertEquals("profile handler 'endless/endless' kept picking profiles after every profile had run", error.getMessage());
    }

    @Test
    void concurrentSchedulesAndPreRequestsAreSafe() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            endpoints.add(endpoint("pod-" + i, "10.0.2." + i, metrics(i % 5, (i % 7) / 10.0)));
        }
        ProfileScheduler scheduler = SchedulerLoader.defaultScheduler(
                epp.scheduling.framework.PluginHandle.production(new FakeDatastore(), SchedulingObserver.NONE));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        SchedulingRequest request = completion(thread + "-" + i, "m", ("prompt " + (i % 10) + " ").repeat(30));
                        SchedulingResult result = scheduler.schedule(request, endpoints);
                        assertEquals(1, result.primaryTargets().size());
                        assertTrue(endpoints.contains(result.primaryTargets().get(0)));
                        scheduler.preRequest(request, result, 8000);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            scheduler.close();
        }
    }
}
