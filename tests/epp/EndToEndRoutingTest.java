package epp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import chart.InferencePoolChart;
import chart.RenderedObject;
import chart.ReleaseInfo;
import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.handlers.Replies;
import epp.server.EppRunner;
import epp.server.EppServers;
import epp.server.KubernetesBackends;
import epp.testing.ExtProcExchange;
import epp.testing.MetricsServer;
import gateway.TrustAnyServerCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sandbox.LocalKubernetesApi;

/**
 * The EPP end to end: started in-process with the chart's default arguments and plugin
 * configuration (taken from the chart's render), against the local Kubernetes API holding the
 * chart's InferencePool and three ready pods on 127.0.0.2-4, each with a vLLM stand-in serving
 * `/metrics` on the pool's target port. Requests go through ext_proc and must follow the load the
 * stand-ins report, the pods' readiness, labels and existence, and the subset hint; plaintext and
 * the default TLS. One case runs the real entry point ({@link EndpointPicker}) as a process.
 *
 * <p>What the EPP has seen is observed on its own `/metrics` (`inference_pool_per_pod_queue_size`,
 * one series per endpoint, read from the datastore at scrape time): each step waits, bounded,
 * until those series show the state the test set, then routes.
 */
class EndToEndRoutingTest {
    private static final String RELEASE = "vllm";
    private static final String NS = "serving";
    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final List<String> PODS = List.of("vllm-0", "vllm-1", "vllm-2");
    private static final int REQUESTS = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long one health probe may go unanswered before it counts as failed (the kubelet's timeoutSeconds): guards a hang only. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Path VLLM_FIXTURE = Path.of("tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt");
    private static final Pattern PER_POD_QUEUE =
            Pattern.compile("^inference_pool_per_pod_queue_size\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern POD_LABEL = Pattern.compile("model_server_pod=\"([^\"]*)\"");

    @TempDir
    Path dir;
    private LocalKubernetesApi api;
    private KubernetesClient client;
    private List<MetricsServer> modelServers = List.of();
    private String vllmFixture;
    private EppRunner runner;
    private int eppMetricsPort;
    private Process eppProcess;
    private ManagedChannel channel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startPoolAndModelServers() throws Exception {
        vllmFixture = Files.readString(VLLM_FIXTURE);
        modelServers = MetricsServer.onOnePort(ADDRESSES.toArray(new String[0]));
        for (MetricsServer server : modelServers) {
            server.serve(vllmExposition(0, 0.0));
        }
        api = LocalKubernetesApi.start();
        client = api.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (int i = 0; i < PODS.size(); i++) {
            createReadyPod(PODS.get(i), ADDRESSES.get(i));
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (runner != null) {
                runner.close();
            }
            if (eppProcess != null && eppProcess.isAlive()) {
                eppProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            modelServers.forEach(MetricsServer::close);
            if (api != null) {
                api.close();
            }
        }
    }

    @Test
    void everyRequestGoesToTheLeastLoadedServerAndFollowsTheLoadWhenItMoves() throws Exception {
        startEpp(false);
        setLoad(0, 0, 0.1);
        setLoad(1, 20, 0.9);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 20, "vllm-2", 20));
        assertAllRouteTo(0, "first");

        setLoad(0, 20, 0.9);
        setLoad(2, 0, 0.1);
        awaitQueues(Map.of("vllm-0", 20, "vllm-1", 20, "vllm-2", 0));
        assertAllRouteTo(2, "moved");
    }

    /** Equal queues: the KV-cache scorer decides, read from vLLM 0.28's `vllm:kv_cache_usage_perc` (the flag's default names the removed `gpu_cache_usage_perc`). */
    @Test
    void withEqualQueuesRequestsGoToTheServerWithTheLeastKvCacheInUse() throws Exception {
        startEpp(false);
        setLoad(0, 3, 0.9);
        setLoad(1, 3, 0.1);
        setLoad(2, 3, 0.9);
        awaitQueues(Map.of("vllm-0", 3, "vllm-1", 3, "vllm-2", 3));
        assertAllRouteTo(1, "kv");
    }

    @Test
    void withTheDefaultSecureServingRequestsOverTlsGoToTheLeastLoadedServer() throws Exception {
        startEpp(true);
        setLoad(0, 20, 0.9);
        setLoad(1, 0, 0.1);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 20, "vllm-1", 0, "vllm-2", 20));
        assertAllRouteTo(1, "tls");
    }

    @Test
    void aPodThatTurnsUnreadyIsNotPickedUntilItIsReadyAgain() throws Exception {
        startEpp(false);
        setLoad(0, 0, 0.1);
        setLoad(1, 5, 0.3);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 5, "vllm-2", 20));
        assertAllRouteTo(0, "ready");

        setReady("vllm-0", false);
        awaitQueues(Map.of("vllm-1", 5, "vllm-2", 20));
        assertAllRouteTo(1, "unready");

        setReady("vllm-0", true);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 5, "vllm-2", 20));
        assertAllRouteTo(0, "ready-again");
    }

    @Test
    void aDeletedPodIsNotPicked() throws Exception {
        startEpp(false);
        setLoad(0, 0, 0.1);
        setLoad(1, 5, 0.3);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 5, "vllm-2", 20));

        client.pods().inNamespace(NS).withName("vllm-0").delete();
        awaitQueues(Map.of("vllm-1", 5, "vllm-2", 20));
        assertAllRouteTo(1, "deleted");
    }

    @Test
    void aPodRelabelledOutOfThePoolsSelectorIsNotPicked() throws Exception {
        startEpp(false);
        setLoad(0, 0, 0.1);
        setLoad(1, 5, 0.3);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 5, "vllm-2", 20));

        client.pods().inNamespace(NS).withName("vllm-0").edit(pod -> {
            pod.getMetadata().getLabels().put("app", "elsewhere");
            return pod;
        });
        awaitQueues(Map.of("vllm-1", 5, "vllm-2", 20));
        assertAllRouteTo(1, "relabelled");
    }

    @Test
    void aSubsetHintRestrictsTheChoiceToTheNamedPodEvenWhenItIsTheMostLoaded() throws Exception {
        startEpp(false);
        setLoad(0, 0, 0.1);
        setLoad(1, 20, 0.9);
        setLoad(2, 20, 0.9);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 20, "vllm-2", 20));

        String only = ADDRESSES.get(2) + ":" + targetPort();
        for (int i = 0; i < REQUESTS; i++) {
            var ex = new ExtProcExchange(channel).send(completionHeaders())
                    .send(ExtProcExchange.requestBodyWithSubset(completionBody("subset", i), List.of(only)));
            assertEquals(only, destination(ex), "request " + i);
        }

        var outsideThePool = new ExtProcExchange(channel).send(completionHeaders())
                .send(ExtProcExchange.requestBodyWithSubset(completionBody("subset", REQUESTS), List.of("127.0.0.9:" + targetPort())));
        assertImmediate503(outsideThePool);
    }

    @Test
    void withNoReadyPodTheRequestIsAnswered503() throws Exception {
        startEpp(false);
        awaitQueues(Map.of("vllm-0", 0, "vllm-1", 0, "vllm-2", 0));
        for (String pod : PODS) {
            setReady(pod, false);
        }
        awaitQueues(Map.of());

        assertImmediate503(new ExtProcExchange(channel).send(completionHeaders())
                .send(ExtProcExchange.requestBody(completionBody("none", 0), true)));
    }

    /** The real entry point in its own JVM: JSON logs as the chart asks, routes, on SIGTERM (Kubernetes' stop) lets an open stream finish, then exits 0; every line it logs is JSON. */
    @Test
    void theEndpointPickerProcessFromTheChartArgsRoutesLogsJsonAndExits0OnSigterm() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EndpointPicker.class.getName()));
        command.addAll(chartArgs(false));
        // Tracing on, its collector down (nothing listens on the port): the exporter's failures are log lines too.
        command.add("--tracing=true");
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + closedPort, "OTEL_TRACES_SAMPLER_ARG", "1.0"));
        eppProcess = builder.start();
        var output = new ProcessOutput(eppProcess);
        JsonNode serving = Serialization.jsonMapper().readTree(output.awaitLine("\"msg\":\"EPP serving\""));
        connect(serving.get("grpcPort").asInt(), serving.get("grpcHealthPort").asInt(), serving.get("metricsPort").asInt(), false);

        setLoad(0, 20, 0.9);
        setLoad(1, 20, 0.9);
        setLoad(2, 0, 0.1);
        awaitQueues(Map.of("vllm-0", 20, "vllm-1", 20, "vllm-2", 0));
        assertAllRouteTo(2, "process");
        // A streamed completion open across the SIGTERM: routed, its response not yet seen.
        var open = new ExtProcExchange(channel).send(completionHeaders()).send(ExtProcExchange.requestBody(completionBody("drain", 0), true));
        assertEquals(ADDRESSES.get(2) + ":" + targetPort(), ExtProcExchange.setHeaders(open.awaitReplies(2).get(0)).stream()
                .filter(h -> h.startsWith(Replies.DESTINATION_ENDPOINT + "=")).findFirst().orElseThrow().split("=", 2)[1]);

        // SIGTERM through the handle: Process.destroy() would also close the pipe and lose what the EPP logs on its way out.
        assertTrue(eppProcess.toHandle().destroy(), "SIGTERM sent");
        output.awaitLine("\"msg\":\"Draining open ext_proc streams\"");
        open.send(ExtProcExchange.responseHeaders(":status", "200", "content-type", "text/event-stream"));
        open.send(ExtProcExchange.responseBody("data: {\"choices\":[{\"text\":\"hi\"}]}\n\n", false));
        open.send(ExtProcExchange.responseBody("data: [DONE]\n\n", true));
        assertEquals(5, open.awaitReplies(5).size(), "the open stream is answered to its end after the SIGTERM");
        assertEquals(io.grpc.Status.Code.OK, open.finish().getCode());
        assertTrue(eppProcess.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the EPP did not stop within " + WAIT + " of SIGTERM");
        assertEquals(0, eppProcess.exitValue(), output.text());
        output.awaitLine("\"msg\":\"Shutting down\"");
        output.awaitLine("\"msg\":\"All ext_proc streams ended\"");
        // Issue 12, one log stream: every line the process wrote is one JSON object (fabric8's, SLF4J's own report, the
        // exporter's when it gets to report before the exit: LogBridgesTest has its line).
        for (String line : output.text().split("\n")) {
            assertTrue(line.startsWith("{") && Serialization.jsonMapper().readTree(line).isObject(), "not a JSON log line: " + line);
        }
    }

    // ---- the EPP as the chart runs it -----------------------------------------------------------

    /** Starts the EPP in this JVM with {@link #chartArgs(boolean)}, as `EppCommand` does after parsing and validating. */
    private void startEpp(boolean secure) throws Exception {
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs(chartArgs(secure).toArray(new String[0]));
        EppFlags flags = ((EppCommand) line.getCommand()).flags();
        assertEquals(List.of(), flags.validate(), "the chart's arguments are valid");
        runner = new EppRunner(new KubernetesBackends());
        EppServers servers = runner.start(flags.config(Map.of()), Map.of());
        connect(servers.grpcPort(), servers.healthPort(), servers.metricsPort(), secure);
    }

    /** Connects to the EPP once its health service (the chart's probes: service `inference-extension`) says SERVING. */
    private void connect(int grpcPort, int healthPort, int metricsPort, boolean secure) throws Exception {
        ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", healthPort, InsecureChannelCredentials.create()).build();
        try {
            var probe = HealthCheckRequest.newBuilder().setService("inference-extension").build();
            awaitCondition(() -> serving(health, probe), () -> "health SERVING");
        } finally {
            health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        eppMetricsPort = metricsPort;
        ChannelCredentials credentials = secure
                ? TlsChannelCredentials.newBuilder().trustManager(new TrustAnyServerCertificate()).build()
                : InsecureChannelCredentials.create();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, credentials).build();
    }

    /**
     * One readiness probe as the kubelet runs it: no answer within {@link #PROBE_TIMEOUT} is a failed
     * probe, retried like NOT_SERVING. A freshly started EPP (its own JVM, classes still loading)
     * on a busy machine can take seconds to finish its first HTTP/2 handshake; {@link #WAIT} bounds the whole wait.
     */
    private static boolean serving(ManagedChannel health, HealthCheckRequest probe) {
        try {
            return HealthGrpc.newBlockingStub(health).withDeadlineAfter(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .check(probe).getStatus() == ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Renders the chart for this release (target port = the stand-ins' port), creates its
     * InferencePool, writes its ConfigMap's files where the Deployment mounts them (under the temp
     * dir) and answers the Deployment's container args, plus what running outside a cluster needs:
     * --kubeconfig, free ports and, unless {@code secure}, --secure-serving=false.
     */
    private List<String> chartArgs(boolean secure) throws Exception {
        var values = InferencePoolChart.mergedValues(Map.of("inferencePool", Map.of(
                "modelServers", Map.of("matchLabels", Map.of("app", "vllm")),
                "targetPortNumber", targetPort())), new ArrayList<>());
        List<RenderedObject> objects = InferencePoolChart.render(new ReleaseInfo(RELEASE, NS, 1, true), values).objects();

        Map<String, Object> pool = only(objects, "InferencePool").object();
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                        .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(NS).resource(Serialization.jsonMapper().convertValue(pool, GenericKubernetesResource.class)).create();

        Map<String, Object> container = path(only(objects, "Deployment").object(), "spec", "template", "spec", "containers", 0);
        String mountPath = (String) path(container, "volumeMounts", 0, "mountPath");
        Path mounted = Files.createDirectories(dir.resolve("config"));
        Map<String, Object> files = path(only(objects, "ConfigMap").object(), "data");
        for (var file : files.entrySet()) {
            Files.writeString(mounted.resolve(file.getKey()), (String) file.getValue());
        }

        List<String> args = new ArrayList<>();
        for (Object arg : (List<?>) container.get("args")) {
            String text = arg.toString();
            args.add(text.startsWith(mountPath + "/") ? mounted + text.substring(mountPath.length()) : text);
        }
        assertTrue(args.contains(mounted.resolve("default-plugins.yaml").toString()), "the chart's --config-file: " + args);
        args.addAll(List.of("--kubeconfig", api.writeKubeconfig(dir.resolve("kubeconfig")).toString(),
                "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0"));
        if (!secure) {
            args.add("--secure-serving=false");
        }
        return args;
    }

    private static RenderedObject only(List<RenderedObject> objects, String kind) {
        List<RenderedObject> found = objects.stream().filter(o -> o.kind().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind + " in the chart's render: " + found);
        return found.get(0);
    }

    /** Walks maps (String keys) and lists (int indexes) of a rendered object. */
    @SuppressWarnings("unchecked")
    private static <T> T path(Object node, Object... steps) {
        for (Object step : steps) {
            node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
            assertTrue(node != null, "no " + step + " in the rendered object");
        }
        return (T) node;
    }

    // ---- the model servers and pods ---------------------------------------------------------------

    private int targetPort() {
        return modelServers.get(0).port();
    }

    private void setLoad(int server, int waiting, double kvCacheUsage) {
        modelServers.get(server).serve(vllmExposition(waiting, kvCacheUsage));
    }

    /** The real vLLM 0.28 exposition with its waiting-queue and KV-cache-usage samples set to these values. */
    private String vllmExposition(int waiting, double kvCacheUsage) {
        String text = replaceSample(vllmFixture, "vllm:num_requests_waiting", waiting + ".0");
        return replaceSample(text, "vllm:kv_cache_usage_perc", Double.toString(kvCacheUsage));
    }

    private static String replaceSample(String exposition, String family, String value) {
        Matcher sample = Pattern.compile("^(" + Pattern.quote(family) + "\\{[^}]*}) \\S+$", Pattern.MULTILINE).matcher(exposition);
        assertEquals(1, sample.results().count(), "samples of " + family + " in the fixture");
        return sample.replaceFirst("$1 " + value);
    }

    private void createReadyPod(String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void setReady(String name, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .forEach(c -> c.setStatus(ready ? "True" : "False"));
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    // ---- what the EPP sees and does -------------------------------------------------------------

    /** Waits until the EPP's per-pod queue series are exactly these: its endpoints, each scraped with this queue. */
    private void awaitQueues(Map<String, Integer> expected) throws Exception {
        awaitCondition(() -> perPodQueues().equals(new TreeMap<>(expected)),
                () -> "per-pod queues " + expected + ", last seen " + perPodQueues());
    }

    private Map<String, Integer> perPodQueues() {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + eppMetricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Integer> queues = new TreeMap<>();
            Matcher series = PER_POD_QUEUE.matcher(response.body());
            while (series.find()) {
                Matcher pod = POD_LABEL.matcher(series.group(1));
                assertTrue(pod.find(), series.group());
                queues.put(pod.group(1), (int) Double.parseDouble(series.group(2)));
            }
            return queues;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** {@link #REQUESTS} requests with distinct prompts (no prefix-cache affinity) all go to this server. */
    private void assertAllRouteTo(int server, String label) throws Exception {
        String expected = ADDRESSES.get(server) + ":" + targetPort();
        for (int i = 0; i < REQUESTS; i++) {
            var ex = new ExtProcExchange(channel).send(completionHeaders())
                    .send(ExtProcExchange.requestBody(completionBody(label, i), true));
            assertEquals(expected, destination(ex), label + " request " + i);
        }
    }

    /** The endpoint the EPP picked (its request-headers reply), after which the stream ends as Envoy ends it. */
    private static String destination(ExtProcExchange ex) throws Exception {
        ProcessingResponse reply = ex.awaitReplies(2).get(0);
        assertTrue(reply.hasRequestHeaders(), "routed, not " + reply);
        String prefix = Replies.DESTINATION_ENDPOINT + "=";
        String destination = ExtProcExchange.setHeaders(reply).stream().filter(h -> h.startsWith(prefix))
                .map(h -> h.substring(prefix.length())).findFirst().orElseThrow(() -> new AssertionError("no destination: " + reply));
        ex.finish();
        return destination;
    }

    /** The EPP answers the client itself with 503 Service Unavailable and ends the stream. */
    private static void assertImmediate503(ExtProcExchange ex) throws Exception {
        ProcessingResponse reply = ex.awaitReplies(1).get(0);
        assertTrue(reply.hasImmediateResponse(), reply.toString());
        assertEquals(503, reply.getImmediateResponse().getStatus().getCodeValue(), reply.toString());
        ex.awaitEnd();
    }

    private static io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest completionHeaders() {
        return ExtProcExchange.requestHeaders(false, ":method", "POST", ":path", "/v1/completions",
                "content-type", "application/json");
    }

    private static String completionBody(String label, int i) {
        return "{\"model\":\"llama\",\"prompt\":\"" + label + " " + i + ": write a haiku about the number " + i + "\"}";
    }

    /** Collects a child process's output lines on a thread of its own (the pipe never fills up). */
    private static final class ProcessOutput {
        private final List<String> lines = new ArrayList<>();

        ProcessOutput(Process process) {
            var reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the process is gone: nothing more to read
                }
            }, "epp-process-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The first line containing {@code text}, waiting (bounded) for it. */
        String awaitLine(String text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (lines) {
                while (true) {
                    for (String line : lines) {
                        if (line.contains(text)) {
                            return line;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("no line with " + text + " within " + WAIT.toSeconds() + " s:\n" + String.join("\n", lines));
                    }
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                }
            }
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
