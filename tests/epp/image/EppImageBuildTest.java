package epp.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chart.InferencePoolChart;
import chart.ReleaseInfo;
import chart.RenderedObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.LocalKubernetesApi;

/**
 * The real `epp-image` build (JBang, jdeps, jlink, ldd, the training start, Jib), once for the
 * class: its tar read back, and, where podman is installed, the image run as the chart's
 * Deployment runs it (the chart's args and /config mount, the default TLS) against the local
 * Kubernetes API, until gRPC health says SERVING and the EPP has scraped the pool's pod; then
 * stopped as Kubernetes stops it (SIGTERM ⇒ exit 0).
 */
class EppImageBuildTest {
    private static final String RELEASE = "vllm";
    private static final String NS = "serving";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TAG = "localhost/pool-epp:test-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;
    private static Path tar;
    private static ImageTar image;
    private static String buildLog;

    @BeforeAll
    static void buildTheImage() throws Exception {
        tar = dir.resolve("epp.tar");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = EppImage.execute(new PrintStream(out, true), new PrintStream(err, true),
                "--output", tar.toString(), "--name", TAG, "--jbang", Path.of("jbang").toAbsolutePath().toString());
        buildLog = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, buildLog);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(TAG + "@sha256:"), out.toString());
        image = ImageTar.read(tar);
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        if (Podman.available().isEmpty()) {
            Podman.run(List.of("rmi", "--force", TAG), Duration.ofSeconds(60));
        }
    }

    @Test
    void theClassPathOfTheEntrypointIsExactlyTheJarsInTheImage() throws Exception {
        List<String> entrypoint = new ArrayList<>();
        image.containerConfig().get("Entrypoint").forEach(v -> entrypoint.add(v.asText()));
        assertEquals("epp.EndpointPicker", entrypoint.get(entrypoint.size() - 1));
        String classPath = entrypoint.get(entrypoint.indexOf("-cp") + 1);
        List<String> jarsInImage = new ArrayList<>();
        var layers = image.layers();
        for (var layer : layers) {
            layer.keySet().stream().filter(p -> p.startsWith("app/") && p.endsWith(".jar")).forEach(p -> jarsInImage.add(p.substring(4)));
        }
        assertEquals(List.of(classPath.split(":")).stream().sorted().toList(), jarsInImage.stream().sorted().toList());
        assertTrue(entrypoint.contains("-XX:SharedArchiveFile=epp.jsa"), entrypoint.toString());
        assertTrue(layers.get(4).get("app/epp.jsa").size() > 1_000_000, "a trained class-data archive");
    }

    @Test
    void theRuntimeIsJlinkedAndTheSystemLayerHoldsWhatItLinksAgainst() throws Exception {
        var layers = image.layers();
        var system = layers.get(0);
        var runtime = layers.get(1);
        for (String file : List.of("opt/java/bin/java", "opt/java/lib/server/libjvm.so", "opt/java/lib/modules",
                "opt/java/lib/security/cacerts", "opt/java/lib/libnet.so", "opt/java/lib/libnio.so")) {
            assertTrue(runtime.containsKey(file), file + " in the runtime layer");
        }
        assertTrue(!runtime.containsKey("opt/java/jmods") && !runtime.containsKey("opt/java/include"), "jlinked, not a copy of the JDK");
        assertTrue(system.keySet().stream().anyMatch(p -> p.matches("lib(64)?/.*ld-linux.*\\.so\\.\\d")), "the dynamic loader: " + system.keySet());
        assertTrue(system.keySet().stream().anyMatch(p -> p.endsWith("/libc.so.6")), "libc: " + system.keySet());
        assertTrue(system.keySet().stream().anyMatch(p -> p.endsWith("/libz.so.1")), "libz (libzip.so needs it): " + system.keySet());
        assertTrue(system.containsKey("etc/passwd") && system.containsKey("tmp"), system.keySet().toString());
    }

    @Test
    void theRuntimeLeavesOutTheDesktopLibrariesAndProvidersItHasNoModuleFor() throws Exception {
        var runtime = image.layers().get(1);
        assertTrue(runtime.containsKey("opt/java/lib/libawt.so"), "java.desktop is linked (java.beans)");
        for (String left : List.of("libawt_xawt.so", "libfontmanager.so", "libjsound.so", "libsplashscreen.so")) {
            assertTrue(!runtime.containsKey("opt/java/lib/" + left), left + " is not in a headless server's runtime");
        }
        assertTrue(image.layers().get(0).keySet().stream().noneMatch(p -> p.contains("libX11") || p.contains("libfreetype")),
                "no X11 or font libraries in the system layer: " + image.layers().get(0).keySet());
        Path root = dir.resolve("runtime-only");
        image.unpack(1, root);
        String providers = Files.readAllLines(root.resolve("opt/java/conf/security/java.security")).stream()
                .filter(l -> l.startsWith("security.provider.")).reduce("", (a, b) -> a + b + "\n");
        assertTrue(providers.startsWith("security.provider.1=SUN\nsecurity.provider.2=SunRsaSign\n"), providers);
        assertTrue(!providers.contains("SunPKCS11") && !providers.contains("XMLDSig") && !providers.contains("SunJGSS"),
                "only providers whose modules are linked: " + providers);
    }

    /**
     * The precise prefix-cache scorer's tokenizer (DJL's Rust library, issue 14) loads from the
     * image's trimmed tokenizers jar on the image's runtime: the native library for this platform
     * is unpacked from that jar (into an empty DJL cache) and tokenizes as it does on the host.
     */
    @Test
    void thePreciseScorersTokenizerLoadsFromTheImagesJarsOnItsRuntime() throws Exception {
        Path root = dir.resolve("rootfs");
        for (int layer = 1; layer <= 3; layer++) {
            image.unpack(layer, root);
        }
        String tokenizersJar = image.layers().get(2).keySet().stream().filter(p -> p.matches("app/libs/tokenizers-.*\\.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no DJL tokenizers jar in the dependency layer"));
        try (var jar = new java.util.jar.JarFile(root.resolve(tokenizersJar).toFile())) {
            List<String> natives = jar.stream().map(e -> e.getName()).filter(n -> n.matches(".*\\.(so|dll|dylib)$")).toList();
            assertEquals(List.of("native/lib/" + (ImageWriter.platform().getArchitecture().equals("amd64") ? "linux-x86_64" : "linux-aarch64")
                    + "/cpu/libtokenizers.so"), natives, "only this platform's native library");
        }
        List<String> entrypoint = new ArrayList<>();
        image.containerConfig().get("Entrypoint").forEach(v -> entrypoint.add(v.asText()));
        String probeJar = Path.of(TokenizerProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path djlCache = Files.createDirectories(dir.resolve("djl-cache"));
        var probe = new ProcessBuilder(root.resolve("opt/java/bin/java").toString(),
                "-cp", entrypoint.get(entrypoint.indexOf("-cp") + 1) + ":" + probeJar, TokenizerProbe.class.getName(),
                Path.of("tokens/tiny/tokenizer.json").toAbsolutePath().toString(), "the cat and the")
                .directory(root.resolve("app").toFile()).redirectErrorStream(true);
        probe.environment().put("DJL_CACHE_DIR", djlCache.toString());
        probe.environment().remove("ENGINE_CACHE_DIR");
        Process process = probe.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals("139 69 104 140 139", output.strip().lines().reduce((a, b) -> b).orElse(""), output);
        try (var files = Files.walk(djlCache)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("libtokenizers.so")),
                    "the native library came out of the image's jar into the empty cache");
        }
    }

    @Test
    void inPodmanTheImageServesWithTheChartsArgumentsAndStopsCleanlyOnSigterm() throws Exception {
        String unavailable = Podman.available().orElse(null);
        assumeTrue(unavailable == null, unavailable);
        Podman.run(List.of("load", "--input", tar.toString()), Duration.ofMinutes(2));

        try (LocalKubernetesApi api = LocalKubernetesApi.start();
             MetricsServer vllm = MetricsServer.http("127.0.0.1", 0)) {
            vllm.serve(Files.readString(Path.of("tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt")));
            KubernetesClient client = api.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            createReadyPod(client, "vllm-0", "127.0.0.1");
            Path kubeconfig = api.writeKubeconfig(Files.createDirectories(dir.resolve("kube")).resolve("config"));
            List<String> args = chartArgs(client, vllm.port());
            String name = "epp-image-test-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--name", name, "--network", "host",
                    "-v", dir.resolve("config") + ":/config:ro", "-v", kubeconfig + ":/kube/config:ro", TAG));
            command.addAll(args);
            command.addAll(List.of("--kubeconfig", "/kube/config", "--grpc-port", "0", "--grpc-health-port", "0", "--metrics-port", "0"));
            Process container = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new Output(container);
            try {
                JsonNode serving = new ObjectMapper().readTree(output.awaitLine("\"msg\":\"EPP serving\""));
                assertEquals(true, serving.get("secureServing").asBoolean(), "the chart's default: TLS with a generated certificate");
                awaitServing(serving.get("grpcHealthPort").asInt());
                awaitCondition(() -> vllm.requests() > 0, "the EPP in the container scraped the pod");
            } finally {
                Podman.run(List.of("stop", "--time", "30", name), Duration.ofSeconds(60));
                assertTrue(container.waitFor(60, TimeUnit.SECONDS), "podman run ended after podman stop");
            }
            assertEquals(0, container.exitValue(), "exit code on SIGTERM; output:\n" + output.text());
            for (String line : output.text().split("\n")) {
                if (!line.isBlank()) {
                    assertTrue(line.startsWith("{") && line.endsWith("}"), "every line is one JSON record (--zap-encoder json): " + line);
                }
            }
        }
    }

    // ---- the chart's Deployment ----------------------------------------------------------------

    /** The Deployment's container args, the InferencePool created, the ConfigMap's files where /config is mounted from. */
    private static List<String> chartArgs(KubernetesClient client, int targetPort) throws Exception {
        var values = InferencePoolChart.mergedValues(Map.of("inferencePool", Map.of(
                "modelServers", Map.of("matchLabels", Map.of("app", "vllm")), "targetPortNumber", targetPort)), new ArrayList<>());
        List<RenderedObject> objects = InferencePoolChart.render(new ReleaseInfo(RELEASE, NS, 1, true), values).objects();
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
        assertEquals("/config", ((Map<?, ?>) ((List<?>) container.get("volumeMounts")).get(0)).get("mountPath"));
        assertTrue(!container.containsKey("command"), "the chart sets only args: the image's entrypoint runs the EPP");
        return ((List<?>) container.get("args")).stream().map(Object::toString).toList();
    }

    private static RenderedObject only(List<RenderedObject> objects, String kind) {
        List<RenderedObject> found = objects.stream().filter(o -> o.kind().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static void createReadyPod(KubernetesClient client, String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static void awaitServing(int healthPort) throws Exception {
        ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", healthPort, InsecureChannelCredentials.create()).build();
        try {
            var probe = HealthCheckRequest.newBuilder().setService("inference-extension").build();
            awaitCondition(() -> HealthGrpc.newBlockingStub(health).withDeadlineAfter(5, TimeUnit.SECONDS).check(probe).getStatus()
                    == ServingStatus.SERVING, "gRPC health SERVING (the chart's probes)");
        } finally {
            health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A child process's output lines, collected on a thread of its own. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();

        Output(Process process) {
            var reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (text) {
                            text.append(line).append('\n');
                            text.notifyAll();
                        }
                    }
                } catch (IOException closed) {
                    // the process is gone
                }
            }, "podman-output");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine(String contains) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (text) {
                while (true) {
                    for (String line : text.toString().split("\n")) {
                        if (line.contains(contains)) {
                            return line;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("no line with " + contains + " within " + WAIT.toSeconds() + " s; output:\n" + text);
                    }
                    text.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
