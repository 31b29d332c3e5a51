///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../sandbox/SandboxMain.java
//SOURCES ../dependencies/Grpc.java
//SOURCES ../pool.java
//SOURCES ../tests/epp/testing/MetricsServer.java

import chart.InferencePoolChart;
import chart.ReleaseInfo;
import chart.RenderedObject;
import epp.testing.MetricsServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.LocalKubernetesApi;

/**
 * Start time and idle memory of the EPP's container image, run by podman as the chart's
 * Deployment runs it (its args, /config mount, default TLS) against the local Kubernetes API
 * with N ready pods, each a loopback vLLM stand-in (127.0.1.x, one port) serving the 52 KB vLLM
 * 0.28 exposition.
 *
 * Per run: `podman run` → first log line, → gRPC health SERVING (the chart's readiness probe),
 * → every endpoint scraped. After the last run idles for S seconds: RSS of the container's JVM
 * (VmRSS of its process, as the host sees it) and the container's cgroup memory.
 *
 * Usage: EppImageBench IMAGE [runs=3] [endpoints=100] [idleS=30] [EPP flag...]
 * (extra EPP flags follow the chart's, e.g. --secure-serving=false; JVM options to try:
 * BENCH_JAVA_TOOL_OPTIONS, passed to the EPP as JAVA_TOOL_OPTIONS; BENCH_NICE=-15 runs the
 * command at that priority; BENCH_HOST_ROOT=DIR runs the image's files unpacked in DIR on the host
 * instead of in podman, and there BENCH_JAVA=PATH runs them with another java launcher, e.g. to
 * compare JDKs: its class-data archive does not match the image's then and is not used)
 */
public class EppImageBench {
    private static final String NS = "bench";
    private static final Pattern PORT = Pattern.compile("\"(grpcHealthPort|metricsPort)\":(\\d+)");
    private static final Pattern PER_POD_QUEUE = Pattern.compile("^inference_pool_per_pod_queue_size\\{", Pattern.MULTILINE);

    public static void main(String... args) throws Exception {
        String image = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int endpoints = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int idleS = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        List<String> extraFlags = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        Path dir = Files.createTempDirectory("epp-image-bench");
        String[] addresses = new String[endpoints];
        for (int i = 0; i < endpoints; i++) {
            addresses[i] = "127.0.1." + (1 + i);
        }
        List<MetricsServer> servers = MetricsServer.onOnePort(addresses);
        String exposition = Files.readString(Path.of("tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt"));
        servers.forEach(s -> s.serve(exposition));
        try (LocalKubernetesApi api = LocalKubernetesApi.start()) {
            KubernetesClient client = api.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            for (int i = 0; i < endpoints; i++) {
                createReadyPod(client, "vllm-" + i, addresses[i]);
            }
            List<String> chartArgs = new ArrayList<>(chartArgs(client, servers.get(0).port(), dir));
            chartArgs.addAll(extraFlags);
            Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
            warmHealthClient();
            for (int run = 1; run <= runs; run++) {
                run(image, run, run == runs ? idleS : 0, endpoints, chartArgs, dir, kubeconfig);
            }
        } finally {
            servers.forEach(MetricsServer::close);
        }
    }

    private static void run(String image, int run, int idleS, int endpoints, List<String> chartArgs, Path dir, Path kubeconfig)
            throws Exception {
        String name = "epp-image-bench-" + ProcessHandle.current().pid() + "-" + run;
        String hostRoot = System.getenv("BENCH_HOST_ROOT");
        List<String> command = new ArrayList<>();
        String nice = System.getenv("BENCH_NICE");
        if (nice != null && !nice.isBlank()) {
            command.addAll(List.of("nice", "-n", nice));
        }
        if (hostRoot != null && !hostRoot.isBlank()) {
            runOnHost(Path.of(hostRoot), image, run, idleS, endpoints, chartArgs, dir, kubeconfig, command);
            return;
        }
        command.addAll(List.of("podman", "run", "--rm", "--name", name, "--network", "host",
                "-v", dir.resolve("config") + ":/config:ro", "-v", kubeconfig + ":/kube/config:ro"));
        String javaOptions = System.getenv("BENCH_JAVA_TOOL_OPTIONS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            command.addAll(List.of("-e", "JAVA_TOOL_OPTIONS=" + javaOptions));
        }
        command.add(image);
        command.addAll(chartArgs);
        command.addAll(List.of("--kubeconfig", "/kube/config", "--grpc-port", "0", "--grpc-health-port", "0", "--metrics-port", "0"));
        long start = System.nanoTime();
        Process container = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var lines = new BufferedReader(new InputStreamReader(container.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            while (first != null && first.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                first = lines.readLine();
            }
            long firstLine = System.nanoTime();
            int healthPort = -1;
            int metricsPort = -1;
            for (String line = first; line != null; line = lines.readLine()) {
                if (line.contains("\"msg\":\"EPP serving\"")) {
                    Matcher m = PORT.matcher(line);
                    while (m.find()) {
                        if (m.group(1).equals("grpcHealthPort")) {
                            healthPort = Integer.parseInt(m.group(2));
                        } else {
                            metricsPort = Integer.parseInt(m.group(2));
                        }
                    }
                    break;
                }
            }
            if (healthPort < 0) {
                throw new IllegalStateException("the container ended before it logged \"EPP serving\"");
            }
            drain(lines);
            awaitServing(healthPort);
            long serving = System.nanoTime();
            awaitScraped(metricsPort, endpoints);
            long scraped = System.nanoTime();
            System.out.printf("epp-image: run %d: first log line %.2f s, SERVING %.2f s, all %d endpoints scraped %.2f s after podman run%n",
                    run, (firstLine - start) / 1e9, (serving - start) / 1e9, endpoints, (scraped - start) / 1e9);
            if (idleS > 0) {
                Thread.sleep(idleS * 1000L); // idle on purpose: the figure is the memory of an EPP left scraping
                long pid = Long.parseLong(podman("inspect", "--format", "{{.State.Pid}}", name).strip());
                String status = Files.readString(Path.of("/proc/" + pid + "/status"));
                System.out.printf("epp-image: idle %d s with %d endpoints scraped every 50 ms: RSS %s, container memory %s%n",
                        idleS, endpoints, field(status, "VmRSS"),
                        podman("stats", "--no-stream", "--format", "{{.MemUsage}}", name).strip());
            }
        } finally {
            podman("stop", "--time", "30", name);
            container.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The image's own files (its layers unpacked under {@code root}: the jlinked runtime, jars and
     * archive) run on the host with the entrypoint's flags, from its working directory: the
     * brief's fallback where a container cannot be measured fairly. The shared libraries are the
     * host's, which are the ones the image carries.
     */
    private static void runOnHost(Path root, String image, int run, int idleS, int endpoints, List<String> chartArgs, Path dir,
            Path kubeconfig, List<String> command) throws Exception {
        List<String> entrypoint = new ArrayList<>(List.of(podman("image", "inspect", "--format", "{{json .Config.Entrypoint}}", image)
                .strip().replaceAll("^\\[\"|\"\\]$", "").split("\",\"")));
        String java = System.getenv("BENCH_JAVA");
        entrypoint.set(0, java != null && !java.isBlank() ? java : root.resolve(entrypoint.get(0).substring(1)).toString());
        command.addAll(entrypoint);
        for (String arg : chartArgs) {
            command.add(arg.startsWith("/config/") ? dir.resolve("config").resolve(arg.substring("/config/".length())).toString() : arg);
        }
        command.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--grpc-port", "0", "--grpc-health-port", "0", "--metrics-port", "0"));
        long start = System.nanoTime();
        var builder = new ProcessBuilder(command).directory(root.resolve("app").toFile()).redirectErrorStream(true);
        String javaOptions = System.getenv("BENCH_JAVA_TOOL_OPTIONS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        Process epp = builder.start();
        try {
            var lines = new BufferedReader(new InputStreamReader(epp.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            long firstLine = System.nanoTime();
            int[] ports = ports(first, lines);
            drain(lines);
            awaitServing(ports[0]);
            long serving = System.nanoTime();
            awaitScraped(ports[1], endpoints);
            long scraped = System.nanoTime();
            System.out.printf("epp-image: host run %d: first log line %.2f s, SERVING %.2f s, all %d endpoints scraped %.2f s after exec%n",
                    run, (firstLine - start) / 1e9, (serving - start) / 1e9, endpoints, (scraped - start) / 1e9);
            if (idleS > 0) {
                Thread.sleep(idleS * 1000L); // idle on purpose: the figure is the memory of an EPP left scraping
                String status = Files.readString(Path.of("/proc/" + epp.pid() + "/status"));
                System.out.printf("epp-image: host idle %d s with %d endpoints scraped every 50 ms: RSS %s%n", idleS, endpoints,
                        field(status, "VmRSS"));
            }
        } finally {
            epp.destroy();
            epp.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** grpcHealthPort and metricsPort from the "EPP serving" line. */
    private static int[] ports(String first, BufferedReader lines) throws java.io.IOException {
        for (String line = first; line != null; line = lines.readLine()) {
            if (System.getenv("BENCH_ECHO") != null) {
                System.err.println(line);
            }
            if (line.contains("\"msg\":\"EPP serving\"")) {
                int[] ports = {-1, -1};
                Matcher m = PORT.matcher(line);
                while (m.find()) {
                    ports[m.group(1).equals("grpcHealthPort") ? 0 : 1] = Integer.parseInt(m.group(2));
                }
                return ports;
            }
        }
        throw new IllegalStateException("the EPP ended before it logged \"EPP serving\"");
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse("?");
    }

    private static void drain(BufferedReader lines) {
        boolean echo = System.getenv("BENCH_ECHO") != null;
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (echo) {
                        System.err.println(line);
                    }
                }
            } catch (java.io.IOException closed) {
                // the container ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /**
     * One health check against a loopback health server in this JVM before any EPP starts: the
     * probe's own first-call cost (gRPC's client classes loaded and compiled here, 1-2 s on this
     * machine) is the bench's, not the EPP's, and the kubelet's probe does not pay it.
     */
    private static void warmHealthClient() throws Exception {
        var statuses = new io.grpc.protobuf.services.HealthStatusManager();
        statuses.setStatus("inference-extension", ServingStatus.SERVING);
        io.grpc.Server server = Grpc.newServerBuilderForPort(0, io.grpc.InsecureServerCredentials.create())
                .addService(statuses.getHealthService()).build().start();
        try {
            awaitServing(server.getPort());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitServing(int healthPort) throws Exception {
        ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", healthPort, InsecureChannelCredentials.create()).build();
        try {
            var probe = HealthCheckRequest.newBuilder().setService("inference-extension").build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (HealthGrpc.newBlockingStub(health).withDeadlineAfter(2, TimeUnit.SECONDS).check(probe).getStatus() == ServingStatus.SERVING) {
                        return;
                    }
                } catch (io.grpc.StatusRuntimeException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not SERVING within 60 s");
                }
                Thread.sleep(10);
            }
        } finally {
            health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Until the EPP's /metrics has a per-pod queue series for every endpoint (each scraped at least once). */
    private static void awaitScraped(int metricsPort, int endpoints) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (PER_POD_QUEUE.matcher(body).results().count() >= endpoints) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every endpoint scraped within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static List<String> chartArgs(KubernetesClient client, int targetPort, Path dir) throws Exception {
        var values = InferencePoolChart.mergedValues(Map.of("inferencePool", Map.of(
                "modelServers", Map.of("matchLabels", Map.of("app", "vllm")), "targetPortNumber", targetPort)), new ArrayList<>());
        List<RenderedObject> objects = InferencePoolChart.render(new ReleaseInfo("vllm", NS, 1, true), values).objects();
        Map<String, Object> pool = only(objects, "InferencePool").object();
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                        .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(NS).resource(Serialization.jsonMapper().convertValue(pool, GenericKubernetesResource.class)).create();
        Path config = Files.createDirectories(dir.resolve("config"));
        Map<?, ?> files = (Map<?, ?>) only(objects, "ConfigMap").object().get("data");
        for (var file : files.entrySet()) {
            Files.writeString(config.resolve(file.getKey().toString()), file.getValue().toString());
        }
        Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) only(objects, "Deployment").object().get("spec")).get("template")).get("spec");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) spec.get("containers")).get(0);
        return ((List<?>) container.get("args")).stream().map(Object::toString).toList();
    }

    private static RenderedObject only(List<RenderedObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static void createReadyPod(KubernetesClient client, String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static String podman(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
