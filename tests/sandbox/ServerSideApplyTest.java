package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
    static LocalKubernetesApi api;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        api = LocalKubernetesApi.start();
        client = api.client();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

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
}
