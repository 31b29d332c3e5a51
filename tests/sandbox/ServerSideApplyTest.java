package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest extends LocalApiTest {
    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    @Test
    void applyCreatesAnAbsentObjectAndRecordsTheManager() {
        ConfigMap applied = client.resource(configMap("ssa-create", Map.of("a", "1"))).fieldManager("pool")
                .forceConflicts().serverSideApply();

        assertEquals(Map.of("a", "1"), applied.getData());
        ManagedFieldsEntry entry = applied.getMetadata().getManagedFields().get(0);
        assertEquals("pool", entry.getManager());
        assertEquals("Apply", entry.getOperation());
        assertEquals("v1", entry.getApiVersion());
        assertEquals("FieldsV1", entry.getFieldsType());
        assertEquals(Map.of("f:data", Map.of("f:a", Map.of())), entry.getFieldsV1().getAdditionalProperties());
        assertEquals(Map.of("a", "1"), client.configMaps().withName("ssa-create").get().getData());
    }

    @Test
    void fieldsAManagerStopsApplyingAreRemovedButOtherManagersFieldsStay() {
        client.resource(configMap("ssa-remove", Map.of("a", "1", "b", "2"))).fieldManager("pool").serverSideApply();
        client.resource(configMap("ssa-remove", Map.of("c", "3"))).fieldManager("other").serverSideApply();

        ConfigMap after = client.resource(configMap("ssa-remove", Map.of("a", "10"))).fieldManager("pool")
                .serverSideApply();

        assertEquals(Map.of("a", "10", "c", "3"), after.getData());
        List<String> managers = after.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).toList();
        assertEquals(List.of("pool", "other"), managers);
    }

    @Test
    void changingAnotherManagersFieldConflictsUnlessForced() {
        client.resource(deployment("ssa-conflict", 1, "vllm:1")).fieldManager("helm").serverSideApply();

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(deployment("ssa-conflict", 3, "vllm:1")).fieldManager("pool").serverSideApply());

        assertEquals(409, e.getCode());
        assertEquals("Conflict", e.getStatus().getReason());
        assertEquals("Apply failed with 1 conflict: conflict with \"helm\": .spec.replicas", e.getStatus().getMessage());
        assertEquals(".spec.replicas", e.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals(1, client.apps().deployments().withName("ssa-conflict").get().getSpec().getReplicas());

        Deployment forced = client.resource(deployment("ssa-conflict", 3, "vllm:1")).fieldManager("pool")
                .forceConflicts().serverSideApply();

        assertEquals(3, forced.getSpec().getReplicas());
        ManagedFieldsEntry helm = forced.getMetadata().getManagedFields().stream()
                .filter(m -> m.getManager().equals("helm")).findFirst().orElseThrow();
        assertFalse(helm.getFieldsV1().getAdditionalProperties().toString().contains("f:replicas"),
                helm.getFieldsV1().getAdditionalProperties().toString());
    }

    @Test
    void sameValueAppliedByTwoManagersIsSharedWithoutConflict() {
        client.resource(configMap("ssa-shared", Map.of("a", "1"))).fieldManager("one").serverSideApply();

        ConfigMap after = client.resource(configMap("ssa-shared", Map.of("a", "1"))).fieldManager("two").serverSideApply();

        assertEquals(2, after.getMetadata().getManagedFields().size());
    }

    @Test
    void containersMergeByNameAcrossManagers() {
        client.resource(deployment("ssa-containers", 1, "vllm:1")).fieldManager("pool").serverSideApply();
        Deployment sidecar = new DeploymentBuilder().withNewMetadata().withName("ssa-containers").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("sidecar")
                .withImage("envoy:1").endContainer().endSpec().endTemplate().endSpec().build();

        Deployment after = client.resource(sidecar).fieldManager("injector").serverSideApply();

        assertEquals(List.of("vllm", "sidecar"), after.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(c -> c.getName()).toList());
        Object fields = after.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
        assertTrue(fields.toString().contains("k:{\"name\":\"vllm\"}"), fields.toString());
    }

    @Test
    void updatesRecordAnUpdateEntryForTheirManager() {
        ConfigMap created = client.configMaps().resource(configMap("update-entry", Map.of("a", "1"))).create();

        ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
        assertEquals("Update", entry.getOperation());
        assertEquals("fabric8-kubernetes-client", entry.getManager());
    }

    @Test
    void applyWithoutChangesKeepsTheResourceVersion() {
        ConfigMap first = client.resource(configMap("ssa-noop", Map.of("a", "1"))).fieldManager("pool").serverSideApply();
        ConfigMap second = client.resource(configMap("ssa-noop", Map.of("a", "1"))).fieldManager("pool").serverSideApply();
        assertEquals(first.getMetadata().getResourceVersion(), second.getMetadata().getResourceVersion());
        assertNull(second.getMetadata().getDeletionTimestamp());
    }

    private static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("vllm").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void envMergesByNameWhileAtomicListsAreReplacedWhole() {
        Deployment first = deployment("ssa-env", 1, "vllm:1");
        first.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("--port", "8000"));
        first.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("A", "1", null)));
        client.resource(first).fieldManager("pool").serverSideApply();
        Deployment other = new DeploymentBuilder().withNewMetadata().withName("ssa-env").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("vllm")
                .addNewEnv().withName("B").withValue("2").endEnv().endContainer().endSpec().endTemplate().endSpec().build();
        client.resource(other).fieldManager("tuner").serverSideApply();

        first.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("--port", "9000"));
        Deployment after = client.resource(first).fieldManager("pool").serverSideApply();

        var container = after.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("A", "B"), container.getEnv().stream().map(EnvVar::getName).toList());
        assertEquals(List.of("--port", "9000"), container.getArgs());
        assertEquals("vllm:1", container.getImage());
    }

    @Test
    void aConflictWithAnUpdateManagerNamesItsApiVersion() {
        client.configMaps().resource(configMap("ssa-vs-update", Map.of("a", "1"))).create();

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(configMap("ssa-vs-update", Map.of("a", "2"))).fieldManager("pool").serverSideApply());

        assertEquals("Apply failed with 1 conflict: conflict with \"fabric8-kubernetes-client\" using v1: .data.a",
                e.getStatus().getMessage());
        assertEquals("FieldManagerConflict", e.getStatus().getDetails().getCauses().get(0).getReason());
    }

    @Test
    void inferencePoolFieldsDroppedFromTheConfigurationAreRemoved() {
        client.resource(inferencePool("dropped", Map.of("app", "vllm", "tier", "gpu"))).fieldManager("pool").serverSideApply();

        GenericKubernetesResource after = client.resource(inferencePool("dropped", Map.of("app", "vllm"))).fieldManager("pool")
                .serverSideApply();

        assertEquals(Map.of("app", "vllm"), ((Map<?, ?>) ((Map<?, ?>) after.get("spec")).get("selector")));
        assertEquals(2L, after.getMetadata().getGeneration());
    }

    @Test
    void dryRunApplyPersistsNothing() {
        ConfigMap answered = client.resource(configMap("ssa-dry", Map.of("a", "1"))).dryRun().fieldManager("pool")
                .serverSideApply();

        assertEquals(Map.of("a", "1"), answered.getData());
        assertNull(client.configMaps().withName("ssa-dry").get());
    }

    @Test
    void applyWithAStaleResourceVersionIsAConflict() {
        ConfigMap first = client.resource(configMap("ssa-rv", Map.of("a", "1"))).fieldManager("pool").serverSideApply();
        client.resource(configMap("ssa-rv", Map.of("a", "2"))).fieldManager("pool").serverSideApply();

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(new ConfigMapBuilder(configMap("ssa-rv", Map.of("a", "3"))).editMetadata()
                        .withResourceVersion(first.getMetadata().getResourceVersion()).endMetadata().build())
                        .fieldManager("pool").serverSideApply());

        assertEquals(409, e.getCode());
        assertEquals("Conflict", e.getStatus().getReason());
    }

    @Test
    void rawYamlApplyNeedsAFieldManager() throws Exception {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\ndata:\n  k: v\n";
        String url = api.url() + "/api/v1/namespaces/default/configmaps/raw";

        HttpResponse<String> missing = patch(url, yaml);
        HttpResponse<String> created = patch(url + "?fieldManager=curl", yaml);

        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("fieldManager is required for apply requests"), missing.body());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("application/json", created.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Map.of("k", "v"), client.configMaps().withName("raw").get().getData());
    }

    @Test
    void applyToStatusChangesOnlyStatusAndRecordsTheSubresource() throws Exception {
        client.resource(inferencePool("status-pool", Map.of("app", "status-test"))).fieldManager("pool").serverSideApply();
        String url = api.url() + "/apis/inference.networking.k8s.io/v1/namespaces/default/inferencepools/status-pool/status"
                + "?fieldManager=epp";

        HttpResponse<String> response = patch(url, """
                apiVersion: inference.networking.k8s.io/v1
                kind: InferencePool
                metadata:
                  name: status-pool
                spec:
                  selector: {ignored: "true"}
                status:
                  parents: [{parentRef: {name: gateway}}]
                """);

        assertEquals(200, response.statusCode(), response.body());
        GenericKubernetesResource stored = client.genericKubernetesResources("inference.networking.k8s.io/v1",
                "InferencePool").withName("status-pool").get();
        assertEquals(Map.of("app", "status-test"), ((Map<?, ?>) ((Map<?, ?>) stored.get("spec")).get("selector")));
        assertTrue(String.valueOf(stored.getAdditionalProperties().get("status")).contains("gateway"));
        ManagedFieldsEntry epp = stored.getMetadata().getManagedFields().stream()
                .filter(m -> m.getManager().equals("epp")).findFirst().orElseThrow();
        assertEquals("status", epp.getSubresource());
    }

    @Test
    void theCrdsThatComeWithTheApiCanBeAppliedOverWithoutConflict() {
        var crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("inferencepools.inference.networking.k8s.io").get();
        crd.getMetadata().setManagedFields(null);
        crd.getMetadata().setResourceVersion(null);
        crd.getSpec().getVersions().get(0).setAdditionalPrinterColumns(List.of(
                new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder()
                        .withName("Ports").withType("string").withJsonPath(".spec.targetPorts").build()));

        var applied = client.resource(crd).fieldManager("pool").serverSideApply();

        assertEquals("Ports", applied.getSpec().getVersions().get(0).getAdditionalPrinterColumns().get(0).getName());
    }

    private static HttpResponse<String> patch(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/apply-patch+yaml").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static GenericKubernetesResource inferencePool(String name, Map<String, String> selector) {
        return new GenericKubernetesResourceBuilder().withApiVersion("inference.networking.k8s.io/v1")
                .withKind("InferencePool").withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("selector", selector,
                        "targetPorts", List.of(Map.of("number", 8000))))
                .build();
    }
}
