package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl as a real client of the local API. Runs where kubectl is on the PATH. */
class KubectlTest {
    @TempDir
    Path dir;
    LocalKubernetesApi api;
    RealClient kubectl;

    @BeforeEach
    void start() {
        assumeTrue(RealClient.onPath("kubectl"), "kubectl is not on the PATH");
        api = LocalKubernetesApi.start();
        kubectl = new RealClient("kubectl", api.writeKubeconfig(dir.resolve("kubeconfig")), dir);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void getListsWhatFabric8Created() throws Exception {
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("from-fabric8").endMetadata()
                .addToData("a", "1").build()).create();

        RealClient.Result table = kubectl.run("get", "configmaps");
        RealClient.Result json = kubectl.run("get", "configmaps", "-o", "json");

        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().contains("from-fabric8"), table::toString);
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertEquals("from-fabric8", list.at("/items/0/metadata/name").asText(), json::toString);
        assertEquals("1", list.at("/items/0/data/a").asText());
    }

    @Test
    void getPrintsTheColumnsAClusterPrints() throws Exception {
        api.client().resource(PortForwardTest.pod("vllm-0")).create();
        api.client().resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("epp")
                .endMetadata().withNewSpec().addNewPort().withPort(9002).endPort().endSpec().build()).create();

        RealClient.Result pods = kubectl.run("get", "pods");
        RealClient.Result services = kubectl.run("get", "services", "-o", "wide");

        assertEquals(0, pods.exitCode(), pods::toString);
        assertEquals(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"),
                List.of(pods.out().lines().findFirst().orElse("").trim().split("\\s+")));
        assertTrue(pods.out().lines().skip(1).findFirst().orElse("").matches("vllm-0\\s+0/1\\s+Pending\\s+0\\s+\\d+s"),
                pods::toString);
        assertEquals(0, services.exitCode(), services::toString);
        assertTrue(services.out().contains("10.96.0.10") && services.out().contains("9002/TCP"), services::toString);
    }

    @Test
    void getNamespacesShowsTheInitialOnes() throws Exception {
        RealClient.Result result = kubectl.run("get", "namespaces", "-o", "name");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("namespace/default", "namespace/kube-node-lease", "namespace/kube-public",
                "namespace/kube-system"), result.out().lines().sorted().toList());
    }

    @Test
    void serverSideApplyCreatesThenConflictsWithAnotherManager() throws Exception {
        Path manifest = dir.resolve("deployment.yaml");
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: vllm
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: vllm}
                  template:
                    metadata:
                      labels: {app: vllm}
                    spec:
                      containers:
                      - name: vllm
                        image: vllm/vllm-openai:v1
                """);

        RealClient.Result created = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertEquals(0, created.exitCode(), created::toString);
        assertEquals("deployment.apps/vllm serverside-applied", created.out().trim());
        Deployment stored = api.client().apps().deployments().withName("vllm").get();
        assertEquals("kubectl", stored.getMetadata().getManagedFields().get(0).getManager());
        assertEquals("Apply", stored.getMetadata().getManagedFields().get(0).getOperation());

        Deployment scaled = ObjectSemanticsTest.deployment("vllm");
        scaled.getSpec().setReplicas(4);
        api.client().resource(scaled).fieldManager("pool").forceConflicts().serverSideApply();
        RealClient.Result conflict = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertNotEquals(0, conflict.exitCode(), conflict::toString);
        assertTrue(conflict.err().contains("Apply failed with 2 conflicts: conflicts with \"pool\":\n- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"vllm\"].image"), conflict::toString);

        RealClient.Result forced = kubectl.run("apply", "--server-side", "--force-conflicts", "-f", manifest.toString());

        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(1, api.client().apps().deployments().withName("vllm").get().getSpec().getReplicas());
    }

    @Test
    void serverSideApplyTakesOverFromClientSideApplyWithoutConflict() throws Exception {
        Path manifest = dir.resolve("pool.yaml");
        String pool = """
                apiVersion: inference.networking.k8s.io/v1
                kind: InferencePool
                metadata:
                  name: llama
                spec:
                  selector:
                    matchLabels: {app: vllm}
                  targetPorts:
                  - number: %d
                """;
        Files.writeString(manifest, pool.formatted(8000));
        RealClient.Result clientSide = kubectl.run("apply", "-f", manifest.toString());
        Files.writeString(manifest, pool.formatted(8001));

        RealClient.Result serverSide = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertEquals(0, clientSide.exitCode(), clientSide::toString);
        assertEquals(0, serverSide.exitCode(), serverSide::toString);
        var stored = api.client().genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool")
                .withName("llama").get();
        assertEquals(List.of("kubectl", "kubectl-last-applied"), stored.getMetadata().getManagedFields().stream()
                .map(m -> m.getManager()).toList());
        assertTrue(String.valueOf((Object) stored.get("spec", "targetPorts")).contains("8001"));
    }

    @Test
    void getInferencePoolsServedFromTheStart() throws Exception {
        api.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("inference.networking.k8s.io/v1")
                .withKind("InferencePool").withNewMetadata().withName("llama").endMetadata()
                .addToAdditionalProperties("spec", Map.of("targetPorts", List.of(Map.of("number", 8000)))).build())
                .create();

        RealClient.Result result = kubectl.run("get", "inferencepools.inference.networking.k8s.io", "-o", "name");
        RealClient.Result objectives = kubectl.run("get", "inferenceobjectives");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("inferencepool.inference.networking.k8s.io/llama", result.out().trim());
        assertEquals(0, objectives.exitCode(), objectives::toString);
    }

    @Test
    void setBasedLabelSelectorsFilter() throws Exception {
        for (String status : List.of("deployed", "failed", "superseded")) {
            api.client().resource(new SecretBuilder().withNewMetadata().withName("r-" + status)
                    .addToLabels("status", status).endMetadata().build()).create();
        }

        RealClient.Result result = kubectl.run("get", "secrets", "-l", "status in (deployed,failed)", "-o", "name");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("secret/r-deployed", "secret/r-failed"), result.out().lines().sorted().toList());
    }

    @Test
    void getAllListsTheAllCategory() throws Exception {
        api.client().resource(ObjectSemanticsTest.deployment("web")).create();
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("not-in-all").endMetadata().build())
                .create();

        RealClient.Result result = kubectl.run("get", "all", "-o", "name");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("deployment.apps/web", result.out().trim());
    }

    @Test
    void createNamespaceSecretAndConfigMapSendProtobufAndWork() throws Exception {
        RealClient.Result namespace = kubectl.run("create", "namespace", "team");
        RealClient.Result secret = kubectl.run("create", "secret", "generic", "token", "-n", "team",
                "--from-literal=key=value");
        RealClient.Result configMap = kubectl.run("create", "configmap", "settings", "-n", "team", "--from-literal=a=b");

        assertEquals(0, namespace.exitCode(), namespace::toString);
        assertEquals(0, secret.exitCode(), secret::toString);
        assertEquals(0, configMap.exitCode(), configMap::toString);
        assertEquals("dmFsdWU=", api.client().secrets().inNamespace("team").withName("token").get().getData().get("key"));
        assertEquals("Opaque", api.client().secrets().inNamespace("team").withName("token").get().getType());
        assertEquals("b", api.client().configMaps().inNamespace("team").withName("settings").get().getData().get("a"));
    }

    @Test
    void waitReturnsOnceTheConditionHolds() throws Exception {
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("gate").endMetadata()
                .addToData("ready", "no").build()).create();
        Process wait = kubectl.start("wait", "--for=jsonpath={.data.ready}=yes", "configmap/gate", "--timeout=40s");
        try {
            api.client().configMaps().withName("gate").edit(c -> new ConfigMapBuilder(c).addToData("ready", "yes").build());

            assertTrue(wait.waitFor(50, TimeUnit.SECONDS), "kubectl wait did not finish");
            String output = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, wait.exitValue(), output);
            assertEquals("configmap/gate condition met", output.trim());
        } finally {
            wait.destroyForcibly();
        }
    }

    @Test
    void labelAndDeleteWork() throws Exception {
        ConfigMap cm = api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .build()).create();

        RealClient.Result labelled = kubectl.run("label", "configmap", "c", "tier=model");
        RealClient.Result deleted = kubectl.run("delete", "configmap", "c");

        assertEquals(0, labelled.exitCode(), labelled::toString);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertEquals(null, api.client().configMaps().withName(cm.getMetadata().getName()).get());
    }

    @Test
    void portForwardReachesTheLocalServerMappedToThePod() throws Exception {
        HttpServer modelServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        modelServer.createContext("/health", exchange -> {
            byte[] body = "ok from vllm-0".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        modelServer.start();
        Process forward = null;
        try {
            Pod pod = api.client().resource(PortForwardTest.pod("vllm-0")).create();
            pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
            api.client().resource(pod).updateStatus();
            api.mapPodPort("default", "vllm-0", 8000, modelServer.getAddress());

            forward = kubectl.start("port-forward", "pod/vllm-0", ":8000");
            int localPort = forwardedPort(forward);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + localPort + "/health"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

                assertEquals("ok from vllm-0", response.body());
            }
        } finally {
            if (forward != null) {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
            modelServer.stop(0);
        }
    }

    /** Reads kubectl's output until "Forwarding from 127.0.0.1:PORT -> ...", within a deadline. */
    private static int forwardedPort(Process process) throws Exception {
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    seen.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        Pattern forwarding = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) ->");
        testing.Await.until(Duration.ofSeconds(30), () -> forwarding.matcher(seen).find() || !reader.isAlive());
        Matcher m = forwarding.matcher(seen);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        throw new AssertionError("kubectl port-forward did not start forwarding; output:\n" + seen);
    }
}
