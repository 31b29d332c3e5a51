package epp.scheduling;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.datastore.ModelServerMetrics;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.PeriodicTasks;
import epp.scheduling.framework.PluginHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-built endpoints, metrics, a datastore and a deterministic plugin handle for scheduling tests. */
public final class TestEndpoints {
    private TestEndpoints() {}

    public static Endpoint endpoint(String pod, String ip) {
        return new Endpoint(new EndpointId("default", pod, 0), ip, 8000, Map.of());
    }

    public static Endpoint endpoint(String pod, String ip, ModelServerMetrics metrics) {
        Endpoint endpoint = endpoint(pod, ip);
        endpoint.updateMetrics(metrics);
        return endpoint;
    }

    public static ModelServerMetrics metrics(int waiting, double kvCache) {
        return new ModelServerMetrics(waiting, 0, kvCache, Set.of(), Set.of(), 0, 0, Instant.EPOCH);
    }

    public static ModelServerMetrics loraMetrics(Set<String> active, Set<String> waiting, int maxActive) {
        return new ModelServerMetrics(0, 0, 0, active, waiting, maxActive, 0, Instant.EPOCH);
    }

    public static ModelServerMetrics withCacheBlockSize(int tokens) {
        return new ModelServerMetrics(0, 0, 0, Set.of(), Set.of(), 0, tokens, Instant.EPOCH);
    }

    public static List<Candidate> candidates(Endpoint... endpoints) {
        List<Candidate> candidates = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            candidates.add(Candidate.of(endpoint));
        }
        return candidates;
    }

    public static SchedulingRequest completion(String requestId, String model, String prompt) {
        return new SchedulingRequest(requestId, model, new RequestBody.Completions(prompt, ""), Map.of());
    }

    public static SchedulingRequest withHeaders(Map<String, String> headers) {
        return new SchedulingRequest("r", "m", new RequestBody.Completions("hi", ""), headers);
    }

    public static PluginHandle handle(Datastore datastore, long seed) {
        return new PluginHandle(datastore, SchedulingObserver.NONE, seeded(seed), new ManualClock(), new ManualTasks());
    }

    public static java.util.function.Supplier<java.util.random.RandomGenerator> seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> random;
    }

    /** A datastore whose endpoint list the test sets. */
    public static final class FakeDatastore implements Datastore {
        private volatile List<Endpoint> endpoints = List.of();

        public FakeDatastore(Endpoint... endpoints) {
            this.endpoints = List.of(endpoints);
        }

        public void setEndpoints(Endpoint... endpoints) {
            this.endpoints = List.of(endpoints);
        }

        @Override
        public Optional<PoolInfo> pool() {
            return Optional.empty();
        }

        @Override
        public List<Endpoint> endpoints() {
            return endpoints;
        }

        @Override
        public Optional<Objective> objective(String name) {
            return Optional.empty();
        }

        @Override
        public void addListener(EndpointListener listener) {}
    }

    /** Time that moves only when the test says so. */
    public static final class ManualClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong(1_000_000);

        public void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** Periodic tasks that run only when the test runs them. */
    public static final class ManualTasks implements PeriodicTasks {
        public record Task(Duration period, Runnable task, boolean[] cancelled) {}

        public final List<Task> tasks = new CopyOnWriteArrayList<>();

        @Override
        public AutoCloseable every(Duration period, Runnable task) {
            Task entry = new Task(period, task, new boolean[1]);
            tasks.add(entry);
            return () -> entry.cancelled()[0] = true;
        }

        public void runAllEvery(Duration period) {
            for (Task task : tasks) {
                if (task.period().equals(period) && !task.cancelled()[0]) {
                    task.task().run();
                }
            }
        }

        public long active() {
            return tasks.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }
}
