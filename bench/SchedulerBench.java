///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../epp/**.java
//JAVA_OPTIONS -Xms1g -Xmx1g

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.datastore.ModelServerMetrics;
import epp.scheduling.RequestBody;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.config.SchedulerLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of one request in the scheduler: schedule + PreRequest through the chart's default profile
 * (queue, kv-cache and prefix-cache scorers, max-score picker) over 100 endpoints, with 1 KB and
 * 200 KB completion prompts and a chat request, on 1 and 2 threads. Prints requests/s, CPU time per
 * request, and p50/p99 per call. Usage: bench/SchedulerBench.java [seconds per case, default 5]
 */
public class SchedulerBench {
    private static final int ENDPOINTS = 100;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int CONVERSATIONS = 200;

    public static void main(String... args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Endpoint> endpoints = endpoints();
        Scheduler scheduler = SchedulerLoader.defaultScheduler(new StaticDatastore(endpoints), SchedulingObserver.NONE);
        System.out.printf("scheduler: %d endpoints, default profile, nproc=%d%n", ENDPOINTS,
                Runtime.getRuntime().availableProcessors());
        for (String kind : List.of("completions-1KB", "completions-200KB", "chat-4KB")) {
            List<RequestBody> bodies = bodies(kind);
            run(scheduler, endpoints, bodies, kind, 1, 2, false); // warm-up: JIT and a filled prefix index
            for (int threads : new int[] {1, 2}) {
                run(scheduler, endpoints, bodies, kind, threads, seconds, true);
            }
        }
        System.exit(0);
    }

    private static void run(Scheduler scheduler, List<Endpoint> endpoints, List<RequestBody> bodies, String kind,
                            int threads, int seconds, boolean print) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ids = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        long[] cpuNanos = new long[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            long[] samples = new long[5_000_000];
            latencies.add(samples);
            new Thread(() -> {
                long cpuStart = CPU.getCurrentThreadCpuTime();
                int n = 0;
                while (System.nanoTime() < deadline && n < samples.length) {
                    long id = ids.incrementAndGet();
                    RequestBody body = bodies.get((int) (id % bodies.size()));
                    SchedulingRequest request = new SchedulingRequest(Long.toString(id), "llama", body, Map.of());
                    long start = System.nanoTime();
                    try {
                        SchedulingResult result = scheduler.schedule(request, endpoints);
                        scheduler.preRequest(request, result, 8000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    samples[n++] = System.nanoTime() - start;
                }
                counts[thread] = n;
                cpuNanos[thread] = CPU.getCurrentThreadCpuTime() - cpuStart;
                done.countDown();
            }).start();
        }
        done.await();
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, offset, counts[t]);
            offset += counts[t];
        }
        Arrays.sort(all);
        if (!print) {
            return;
        }
        // CPU time per request is the figure that survives a busy shared machine; wall-clock ones do not.
        System.out.printf("%-18s threads=%d  %,9.0f req/s  cpu/req=%6.1f µs  p50=%6.1f µs  p99=%7.1f µs%n", kind,
                threads, total / (double) seconds, Arrays.stream(cpuNanos).sum() / (double) total / 1e3,
                all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3);
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            Endpoint endpoint = new Endpoint(new EndpointId("bench", "pod-" + i, 0), "10.1." + (i / 250) + "." + (i % 250),
                    8000, Map.of());
            endpoint.updateMetrics(new ModelServerMetrics(i % 7, i % 5, (i % 10) / 10.0, Set.of(), Set.of(), 0, 16,
                    Instant.now()));
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    /** Bodies sharing long prefixes per conversation, so the prefix index matches and grows as in real use. */
    private static List<RequestBody> bodies(String kind) {
        List<RequestBody> bodies = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            String system = ("You are assistant number " + c + ". Answer briefly and precisely. ").repeat(20);
            switch (kind) {
                case "completions-1KB" -> bodies.add(new RequestBody.Completions(text(system, 1024, c), ""));
                case "completions-200KB" -> bodies.add(new RequestBody.Completions(text(system, 200 * 1024, c), ""));
                default -> bodies.add(new RequestBody.ChatCompletions(List.of(
                        new RequestBody.Message("system", system),
                        new RequestBody.Message("user", text("question " + c + " <html> & more ", 3000, c))), ""));
            }
        }
        return bodies;
    }

    private static String text(String prefix, int length, int salt) {
        StringBuilder text = new StringBuilder(length + 64).append(prefix);
        while (text.length() < length) {
            text.append(" token").append(salt).append('-').append(text.length() % 97);
        }
        return text.substring(0, length);
    }

    private record StaticDatastore(List<Endpoint> endpoints) implements Datastore {
        @Override
        public Optional<PoolInfo> pool() {
            return Optional.empty();
        }

        @Override
        public Optional<Objective> objective(String name) {
            return Optional.empty();
        }

        @Override
        public void addListener(EndpointListener listener) {}
    }
}
