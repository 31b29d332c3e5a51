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
import java.nio.file.Files;
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
    Kubectl kubectl;

    @BeforeEach
    void start() {
        assumeTrue(Kubectl.onPath("kubectl"), "kubectl is not on the PATH");
        api = LocalKubernetesApi.start();
        kubectl = new Kubectl("kubectl", api.writeKubeconfig(dir.resolve("kubeconfig")), dir);
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

        Kubectl.Result table = kubectl.run("get", "configmaps");
        Kubectl.Result json = kubectl.run("get", "configmaps", "-o", "json");

        assertEquals(0, table.exitCode(), table::toString);
        assertTrue(table.out().contains("from-fabric8"), table::toString);
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertEquals("from-fabric8", list.at("/items/0/metadata/name").asText(), json::toString);
        assertEquals("1", list.at("/items/0/data/a").asText());
    }

    @Test
    void getNamespacesShowsTheInitialOnes() throws Exception {
        Kubectl.Result result = kubectl.run("get", "namespaces", "-o", "name");

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

        Kubectl.Result created = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertEquals(0, created.exitCode(), created::toString);
        assertEquals("deployment.apps/vllm serverside-applied", created.out().trim());
        Deployment stored = api.client().apps().deployments().withName("vllm").get();
        assertEquals("kubectl", stored.getMetadata().getManagedFields().get(0).getManager());
        assertEquals("Apply", stored.getMetadata().getManagedFields().get(0).getOperation());

        Deployment scaled = ObjectSemanticsTest.deployment("vllm");
        scaled.getSpec().setReplicas(4);
        api.client().resource(scaled).fieldManager("pool").forceConflicts().serverSideApply();
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-f", manifest.toString());

        assertNotEquals(0, conflict.exitCode(), conflict::toString);
        assertTrue(conflict.err().contains("Apply failed with 2 conflicts: conflicts with \"pool\":\n- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"vllm\"].image"), conflict::toString);

        Kubectl.Result forced = kubectl.run("apply", "--server-side", "--force-conflicts", "-f", manifest.toString());

        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(1, api.client().apps().deployments().withName("vllm").get().getSpec().getReplicas());
    }

    @Test
    void getInferencePoolsServedFromTheStart() throws Exception {
        api.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("inference.networking.k8s.io/v1")
                .withKind("InferencePool").withNewMetadata().withName("llama").endMetadata()
                .addToAdditionalProperties("spec", Map.of("targetPorts", List.of(Map.of("number", 8000)))).build())
                .create();

        Kubectl.Result result = kubectl.run("get", "inferencepools.inference.networking.k8s.io", "-o", "name");
        Kubectl.Result objectives = kubectl.run("get", "inferenceobjectives");

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

        Kubectl.Result result = kubectl.run("get", "secrets", "-l", "status in (deployed,failed)", "-o", "name");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("secret/r-deployed", "secret/r-failed"), result.out().lines().sorted().toList());
    }

    @Test
    void labelAndDeleteWork() throws Exception {
        ConfigMap cm = api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .build()).create();

        Kubectl.Result labelled = kubectl.run("label", "configmap", "c", "tier=model");
        Kubectl.Result deleted = kubectl.run("delete", "configmap", "c");

        assertEquals(0, labelled.exitCode(), labelled::toString);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertEquals(null, api.client().configMaps().withName(cm.getMetadata().getName()).get());
    }
}
