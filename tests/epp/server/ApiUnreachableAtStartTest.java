package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.cli.EppCommand;
import epp.logging.Log;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sandbox.LocalKubernetesApi;

/**
 * Issue 12: an EPP started while the API server is down says why (the URL, connection refused),
 * serves NOT_SERVING instead of exiting, and becomes SERVING once the API is there.
 */
class ApiUnreachableAtStartTest {
    @TempDir
    Path dir;

    @Test
    void theEppWaitsForTheApiNamingTheRefusedConnectionThenServes() throws Exception {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort(); // free now, nothing listens once closed
        }
        String url = "http://127.0.0.1:" + port;
        Path kubeconfig = java.nio.file.Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: {server: "%s"}
                users:
                - name: local
                  user: {}
                contexts:
                - name: local
                  context: {cluster: local, user: local, namespace: default}
                current-context: local
                """.formatted(url));
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs("--pool-name=vllm", "--pool-namespace=default", "--kubeconfig=" + kubeconfig, "--tracing=false",
                "--secure-serving=false", "--metrics-endpoint-auth=false", "--grpc-port=0", "--grpc-health-port=0",
                "--metrics-port=0");
        EppConfig config = ((EppCommand) line.getCommand()).flags().config(Map.of());

        var log = new ByteArrayOutputStream();
        PrintStream previous = Log.out();
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        LocalKubernetesApi api = null;
        ManagedChannel health = null;
        try (var runner = new EppRunner(new KubernetesBackends())) {
            EppServers servers = runner.start(config, Map.of());
            health = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.healthPort(), InsecureChannelCredentials.create()).build();
            var stub = HealthGrpc.newBlockingStub(health);
            BooleanSupplier serving = () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("inference-extension").build()).getStatus() == ServingStatus.SERVING;

            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Cannot reach the Kubernetes API") && text.contains(url) && text.contains("Connection refused"), text);
            assertEquals(false, serving.getAsBoolean(), "NOT_SERVING while the API is down");

            api = LocalKubernetesApi.start("127.0.0.1", port);
            api.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                    .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                    .inNamespace("default").resource(Serialization.unmarshal("""
                            {"apiVersion": "inference.networking.k8s.io/v1", "kind": "InferencePool",
                             "metadata": {"name": "vllm", "namespace": "default"},
                             "spec": {"selector": {"matchLabels": {"app": "vllm"}}, "targetPorts": [{"number": 8000}],
                                      "endpointPickerRef": {"name": "vllm-epp", "port": {"number": 9002}}}}""",
                            GenericKubernetesResource.class)).create();
            await(serving, Duration.ofSeconds(60), "SERVING once the API is up; log: " + log.toString(StandardCharsets.UTF_8));
            await(() -> log.toString(StandardCharsets.UTF_8).contains("Kubernetes API reached"), Duration.ofSeconds(10),
                    "the start logged as done");
        } finally {
            Log.redirect(previous);
            if (health != null) {
                health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (api != null) {
                api.close();
            }
        }
    }

    /** Polls a condition until it holds (bounded); the retry's backoff decides when. */
    private static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
