package gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.server.EppRunner;
import epp.server.EppServers;
import epp.server.KubernetesBackends;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import sandbox.LocalKubernetesApi;

/**
 * The pool the gateway tests route through: the local Kubernetes API with an InferencePool and
 * ready pods `vllm-0..2` on 127.0.0.2-4, a {@link FakeModelServer} per pod, and the real EPP
 * started in-process (as `EppCommand` does) with a queue-only profile whose picker lists every
 * endpoint, least loaded first (so fallbacks exist and the order is known from the loads set).
 */
final class PoolWithEpp implements AutoCloseable {
    static final String NS = "serving";
    static final List<String> PODS = List.of("vllm-0", "vllm-1", "vllm-2");
    static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path VLLM_FIXTURE = Path.of("tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt");
    private static final Pattern PER_POD_QUEUE =
            Pattern.compile("^inference_pool_per_pod_queue_size\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern POD_LABEL = Pattern.compile("model_server_pod=\"([^\"]*)\"");
    private static final String QUEUE_PROFILE = """
            apiVersion: inference.networking.x-k8s.io/v1alpha1
            kind: EndpointPickerConfig
            plugins:
            - type: queue-scorer
            - type: max-score-picker
              parameters:
                maxNumOfEndpoints: 3
            schedulingProfiles:
            - name: default
              plugins:
              - pluginRef: queue-scorer
              - pluginRef: max-score-picker
            """;

    final Vertx vertx = Vertx.vertx();
    final List<FakeModelServer> servers;
    private final String fixture;
    private final LocalKubernetesApi api;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KubernetesPoolEndpoints watched;
    private EppRunner runner;
    private EppServers epp;

    PoolWithEpp(Path dir) throws Exception {
        fixture = Files.readString(VLLM_FIXTURE);
        servers = FakeModelServer.onOnePort(vertx, PODS, ADDRESSES);
        for (int i = 0; i < servers.size(); i++) {
            setLoad(i, 0);
        }
        api = LocalKubernetesApi.start();
        client = api.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (int i = 0; i < PODS.size(); i++) {
            createReadyPod(PODS.get(i), ADDRESSES.get(i));
        }
        createPool();
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    /** Starts the EPP: plaintext, or TLS with its generated self-signed certificate (its default). */
    String startEpp(boolean secure) throws Exception {
        return startEpp(secure, 0);
    }

    /** Starts the EPP with its ext_proc server on {@code grpcPort} (0: any free port). */
    String startEpp(boolean secure, int grpcPort) throws Exception {
        List<String> args = new ArrayList<>(List.of("--pool-name", "vllm", "--pool-namespace", NS,
                "--pool-group", "inference.networking.k8s.io", "--config-text", QUEUE_PROFILE, "--v", "1", "--tracing=false",
                "--metrics-endpoint-auth=false", "--kubeconfig", kubeconfig.toString(),
                "--grpc-port=" + grpcPort, "--grpc-health-port=0", "--metrics-port=0"));
        if (!secure) {
            args.add("--secure-serving=false");
        }
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs(args.toArray(new String[0]));
        EppFlags flags = ((EppCommand) line.getCommand()).flags();
        assertEquals(List.of(), flags.validate(), "valid EPP flags");
        runner = new EppRunner(new KubernetesBackends());
        epp = runner.start(flags, Map.of());
        return "127.0.0.1:" + epp.grpcPort();
    }

    int targetPort() {
        return servers.get(0).port();
    }

    String endpoint(int server) {
        return ADDRESSES.get(server) + ":" + targetPort();
    }

    /** The pool's endpoints as the sandbox hands them to the gateway: watched from the local Kubernetes API. */
    PoolEndpoints endpoints() {
        if (watched == null) {
            watched = KubernetesPoolEndpoints.forPool(client, NS, "vllm");
        }
        return watched;
    }

    KubernetesClient client() {
        return client;
    }

    void setLoad(int server, int waiting) {
        Matcher sample = Pattern.compile("^(vllm:num_requests_waiting\\{[^}]*}) \\S+$", Pattern.MULTILINE).matcher(fixture);
        servers.get(server).serveMetrics(sample.replaceFirst("$1 " + waiting + ".0"));
    }

    void setReady(String pod, boolean ready) {
        Pod current = client.pods().inNamespace(NS).withName(pod).get();
        current.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .forEach(c -> c.setStatus(ready ? "True" : "False"));
        client.pods().inNamespace(NS).resource(current).updateStatus();
    }

    /** Waits until the EPP's per-pod queue series (its endpoints, each scraped with this queue) are exactly these. */
    void awaitQueues(Map<String, Integer> expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> seen = perPodQueues();
        while (!seen.equals(new TreeMap<>(expected))) {
            if (System.nanoTime() > deadline) {
                fail("the EPP's per-pod queues are not " + expected + " within " + WAIT + "; last seen " + seen);
            }
            Thread.sleep(20);
            seen = perPodQueues();
        }
    }

    private Map<String, Integer> perPodQueues() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + epp.metricsPort() + "/metrics"))
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
    }

    private void createReadyPod(String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void createPool() {
        Map<String, Object> pool = Map.of("apiVersion", "inference.networking.k8s.io/v1", "kind", "InferencePool",
                "metadata", Map.of("name", "vllm", "namespace", NS),
                "spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "vllm")),
                        "targetPorts", List.of(Map.of("number", targetPort())),
                        "endpointPickerRef", Map.of("name", "vllm-epp", "port", Map.of("number", 9002))));
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                        .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(NS).resource(Serialization.jsonMapper().convertValue(pool, GenericKubernetesResource.class)).create();
    }

    @Override
    public void close() throws Exception {
        try {
            if (watched != null) {
                watched.close();
            }
            if (runner != null) {
                runner.close();
            }
        } finally {
            try {
                api.close();
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
