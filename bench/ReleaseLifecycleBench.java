///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../pool.java
//SOURCES ../sandbox/SandboxMain.java

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kube.KubeConnection;
import kube.Fabric8Cluster;
import release.HolderIdentity;
import release.InferencePoolReleaseChart;
import release.Install;
import release.ReleaseContext;
import release.Rollback;
import release.SecretReleaseStore;
import release.Uninstall;
import release.Upgrade;
import sandbox.LocalKubernetesApi;

/**
 * API calls and wall time of each release operation against the local Kubernetes API, through the
 * same actions the CLI runs. Usage: jbang bench/ReleaseLifecycleBench.java [ROUNDS] (default 20).
 * Prints per operation: requests (by method), median and p90 wall time over the rounds.
 */
public class ReleaseLifecycleBench {
    static final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();

    public static void main(String... args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (var api = LocalKubernetesApi.start()) {
            var kubeconfig = Files.createTempFile("pool-bench", ".kubeconfig");
            api.writeKubeconfig(kubeconfig);
            var config = new KubeConnection(kubeconfig.toString(), null, "bench", null, Map.of()).config();
            var client = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
                        @Override
                        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            byMethod.computeIfAbsent(request.method(), m -> new AtomicInteger()).incrementAndGet();
                        }
                    })).build();
            var ctx = new ReleaseContext(new SecretReleaseStore(client, "bench", Clock.systemUTC()), new Fabric8Cluster(client),
                    new InferencePoolReleaseChart(false), Clock.systemUTC(), HolderIdentity.current(), line -> {});
            new Fabric8Cluster(client).ensureNamespace("bench");
            Map<String, Object> values = Map.of("inferencePool", Map.of("modelServers", Map.of("matchLabels", Map.of("app", "vllm"))));
            Map<String, Object> values2 = Map.of("inferencePool", Map.of("modelServers", Map.of("matchLabels", Map.of("app", "vllm"))),
                    "inferenceExtension", Map.of("replicas", 2));
            var results = new TreeMap<String, List<Long>>();
            var calls = new TreeMap<String, String>();
            for (int i = 0; i < rounds + 2; i++) {
                String name = "bench-" + i;
                boolean warm = i >= 2;
                measure(warm, "1 install", results, calls, () -> new Install(ctx).run(Install.Options.of(name, values)));
                measure(warm, "2 upgrade", results, calls, () -> new Upgrade(ctx).run(Upgrade.Options.of(name, values2)));
                measure(warm, "3 rollback", results, calls, () -> new Rollback(ctx).run(Rollback.Options.of(name, 1)));
                measure(warm, "4 uninstall", results, calls, () -> new Uninstall(ctx).run(Uninstall.Options.of(name)));
            }
            System.out.printf("release lifecycle against the local API: rounds=%d (after 2 warm-up rounds), nproc=%d%n",
                    rounds, Runtime.getRuntime().availableProcessors());
            results.forEach((op, times) -> {
                var sorted = times.stream().sorted().toList();
                System.out.printf("  %-12s requests=%-28s median=%dms p90=%dms min=%dms max=%dms%n", op.substring(2), calls.get(op),
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.get(0), sorted.get(sorted.size() - 1));
            });
            client.close();
        }
    }

    static void measure(boolean keep, String op, Map<String, List<Long>> results, Map<String, String> calls, Runnable action) {
        byMethod.clear();
        long start = System.nanoTime();
        action.run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (keep) {
            results.computeIfAbsent(op, k -> new ArrayList<>()).add(ms);
            int total = byMethod.values().stream().mapToInt(AtomicInteger::get).sum();
            calls.put(op, total + " " + new TreeMap<>(byMethod));
        }
    }
}
