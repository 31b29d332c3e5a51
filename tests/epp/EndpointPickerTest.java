package epp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.scheduling.config.DefaultConfig;
import epp.server.EppRunner;
import epp.server.EppServers;
import epp.server.KubernetesBackends;
import epp.testing.ExtProcExchange;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sandbox.LocalKubernetesApi;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The EPP as the chart runs it (chart.md item 10 arguments, plus --kubeconfig, plaintext and free
 * ports) against the local Kubernetes API (sandbox/) holding an InferencePool and its pods: it
 * syncs, reports healthy and routes requests to the pool's pods with the chart's default plugin
 * configuration.
 */
class EndpointPickerTest {
    private static final String NS = "serving";

    private LocalKubernetesApi api;
    private KubernetesClient client;

    @BeforeEach
    void startApi() {
        api = LocalKubernetesApi.start();
        client = api.client();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(NS)
                .endMetadata().build()).create();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void startsFromTheChartArgumentsAndRoutesToThePoolsPods(@TempDir Path dir) throws Exception {
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                        .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(NS).resource(new GenericKubernetesResourceBuilder().withApiVersion("inference.networking.k8s.io/v1")
                        .withKind("InferencePool").withNewMetadata().withName("vllm").withNamespace(NS).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "vllm")),
                                "targetPorts", List.of(Map.of("number", 8000)), "endpointPickerRef", Map.of("name", "vllm-epp")))
                        .build()).create();
        createReadyPod("vllm-0", "10.0.0.1");
        createReadyPod("vllm-1", "10.0.0.2");
        Path config = Files.writeString(dir.resolve("default-plugins.yaml"), DefaultConfig.CHART_DEFAULT_PLUGINS);
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));

        List<String> args = new ArrayList<>(List.of("--pool-name", "vllm", "--pool-namespace", NS, "--pool-group",
                "inference.networking.k8s.io", "--zap-encoder", "json", "--config-file", config.toString(), "--tracing=false",
                "--metrics-endpoint-auth=false"));
        args.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--secure-serving=false", "--grpc-port=0", "--grpc-health-port=0",
                "--metrics-port=0"));
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs(args.toArray(new String[0]));
        EppFlags flags = ((EppCommand) line.getCommand()).flags();

        try (var runner = new EppRunner(new KubernetesBackends())) {
            EppServers servers = runner.start(flags, Map.of());
            ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.healthPort(), InsecureChannelCredentials.create()).build();
            ManagedChannel extProc = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.grpcPort(), InsecureChannelCredentials.create()).build();
            try {
                var status = HealthGrpc.newBlockingStub(health).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("inference-extension").build()).getStatus();
                assertEquals(ServingStatus.SERVING, status);

                awaitEndpoints(extProc);
                var ex = new ExtProcExchange(extProc)
                        .send(ExtProcExchange.requestHeaders(false, ":method", "POST", ":path", "/v1/completions"))
                        .send(ExtProcExchange.requestBody("{\"model\":\"llama\",\"prompt\":\"Write as if you were a critic: San Francisco\"}", true));
                String destination = ExtProcExchange.setHeaders(ex.awaitReplies(2).get(0)).get(0);
                assertTrue(destination.matches("x-gateway-destination-endpoint=10\\.0\\.0\\.[12]:8000"), destination);
                ex.finish();
            } finally {
                health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                extProc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBadMetricSpecFailsStartUpWithExit1AndNamesTheFlag() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        int code = line.execute("--pool-name=vllm", "--tracing=false", "--total-queued-requests-metric=queue{", "--grpc-port=0",
                "--grpc-health-port=0", "--metrics-port=0");
        assertEquals(1, code);
        assertTrue(err.toString().contains("--total-queued-requests-metric"), err.toString());
    }

    @Test
    void aMissingConfigFileFailsStartUpWithExit1() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        assertEquals(1, line.execute("--pool-name=vllm", "--tracing=false", "--config-file=/no/such/plugins.yaml"));
        assertTrue(err.toString().contains("cannot read --config-file /no/such/plugins.yaml"), err.toString());
    }

    @Test
    void anInvalidPluginConfigurationFailsStartUpBeforeWatchingKubernetes() {
        var err = new java.io.StringWriter();
        CommandLine line = EppCommand.commandLine(new KubernetesBackends(), Map.of()).setErr(new java.io.PrintWriter(err));
        assertEquals(1, line.execute("--pool-name=vllm", "--tracing=false", "--config-text",
                "apiVersion: inference.networking.x-k8s.io/v1alpha1\nkind: EndpointPickerConfig\nplugins:\n- type: no-such-plugin\n"));
        assertTrue(err.toString().contains("no-such-plugin"), err.toString());
    }

    /** Pods reach the datastore through the informers asynchronously: poll with GETs (bounded) until one routes. */
    private static void awaitEndpoints(ManagedChannel channel) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            var ex = new ExtProcExchange(channel).send(ExtProcExchange.requestHeaders(true, ":method", "GET"));
            var reply = ex.awaitReplies(1).get(0);
            ex.finish();
            if (reply.hasRequestHeaders()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no endpoint within 20 s: " + reply);
            Thread.sleep(50);
        }
    }

    private void createReadyPod(String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }
}
