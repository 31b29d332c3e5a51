package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a real apiserver and fabric8's plain mock differ, the local API behaves like the apiserver. */
class ObjectSemanticsTest extends LocalApiTest {
    static final ResourceDefinitionContext INFERENCE_POOL_V1 = new ResourceDefinitionContext.Builder()
            .withGroup("inference.networking.k8s.io").withVersion("v1").withKind("InferencePool")
            .withPlural("inferencepools").withNamespaced(true).build();

    @Test
    void setBasedSelectorsSelectOnlyMatchingObjects() {
        for (String status : List.of("deployed", "failed", "superseded")) {
            client.resource(secret("release-" + status, Map.of("owner", "helm", "status", status))).create();
        }
        client.resource(secret("other", Map.of("owner", "pool"))).create();

        assertEquals(List.of("release-deployed", "release-failed"),
                names(client.secrets().withLabelIn("status", "deployed", "failed").list().getItems()));
        assertEquals(List.of("other", "release-superseded"),
                names(client.secrets().withLabelNotIn("status", "deployed", "failed").list().getItems()));
        assertEquals(List.of("release-failed"),
                names(client.secrets().withLabelSelector("owner=helm,status in (failed, unknown)").list().getItems()));
        assertEquals(List.of("other"), names(client.secrets().withoutLabel("status").list().getItems()));
    }

    @Test
    void fieldSelectorsFilterOnTheObjectsFields() {
        client.resource(secret("opaque", Map.of())).create();
        client.resource(new SecretBuilder(secret("release", Map.of())).withType("helm.sh/release.v1").build()).create();

        assertEquals(List.of("release"), names(client.secrets().withField("type", "helm.sh/release.v1").list().getItems()));
    }

    @Test
    void updateLeavesStatusAloneAndStatusWritesOnlyStatus() {
        Deployment created = client.resource(deployment("vllm")).create();
        created.setStatus(new DeploymentStatusBuilder().withReadyReplicas(99).build());
        created.getSpec().setReplicas(2);

        Deployment updated = client.resource(created).update();

        assertNull(updated.getStatus());
        assertEquals(2, updated.getSpec().getReplicas());
        assertEquals(2L, updated.getMetadata().getGeneration());

        updated.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
        updated.getSpec().setReplicas(5);
        Deployment afterStatus = client.resource(updated).updateStatus();

        assertEquals(1, afterStatus.getStatus().getReadyReplicas());
        assertEquals(2, afterStatus.getSpec().getReplicas());
        assertEquals(2L, afterStatus.getMetadata().getGeneration());
    }

    @Test
    void crdStatusSubresourceWorksTheSameWay() {
        GenericKubernetesResource pool = new GenericKubernetesResourceBuilder()
                .withApiVersion("inference.networking.k8s.io/v1").withKind("InferencePool")
                .withNewMetadata().withName("pool").endMetadata()
                .addToAdditionalProperties("spec", Map.of("targetPorts", List.of(Map.of("number", 8000))))
                .addToAdditionalProperties("status", Map.of("parents", List.of()))
                .build();

        GenericKubernetesResource created = client.genericKubernetesResources(INFERENCE_POOL_V1).resource(pool).create();

        assertNull(created.getAdditionalProperties().get("status"));
        created.getAdditionalProperties().put("status", Map.of("parents", List.of(Map.of("parentRef", Map.of("name", "gw")))));
        GenericKubernetesResource withStatus = client.genericKubernetesResources(INFERENCE_POOL_V1).resource(created)
                .updateStatus();
        assertNotNull(withStatus.getAdditionalProperties().get("status"));
    }

    @Test
    void secretStringDataFoldsIntoDataAndTypeDefaultsToOpaque() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("token", "abc").build();

        Secret created = client.resource(secret).create();

        assertEquals("Opaque", created.getType());
        assertTrue(created.getStringData() == null || created.getStringData().isEmpty(), "stringData is not stored");
        assertEquals("abc", new String(Base64.getDecoder().decode(created.getData().get("token")), StandardCharsets.UTF_8));
    }

    @Test
    void dryRunPersistsNothing() {
        ConfigMap answered = client.resource(configMap("dry")).dryRun().create();

        assertEquals("dry", answered.getMetadata().getName());
        assertNull(client.configMaps().withName("dry").get());
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        client.resource(configMap("c")).create();

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(configMap("c")).create());

        assertEquals(409, e.getCode());
        assertEquals("AlreadyExists", e.getStatus().getReason());
        assertEquals("configmaps \"c\" already exists", e.getStatus().getMessage());
    }

    @Test
    void writeWithAStaleResourceVersionIsConflict() {
        ConfigMap created = client.resource(configMap("c")).create();
        client.configMaps().withName("c").edit(cm -> new ConfigMapBuilder(cm).addToData("b", "2").build());

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(new ConfigMapBuilder(created).addToData("c", "3").build()).update());

        assertEquals(409, e.getCode());
        assertEquals("Conflict", e.getStatus().getReason());
    }

    @Test
    void objectsInAMissingNamespaceAreRejected() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace("nowhere").resource(configMap("c")).create());

        assertEquals(404, e.getCode());
        assertEquals("namespaces \"nowhere\" not found", e.getStatus().getMessage());
    }

    @Test
    void invalidNamesAreRejected() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(configMap("Bad_Name")).create());

        assertEquals(422, e.getCode());
        assertEquals("Invalid", e.getStatus().getReason());
    }

    @Test
    void serviceAndNamespaceNamesMustBeDnsLabels() {
        KubernetesClientException service = assertThrows(KubernetesClientException.class, () -> client.resource(
                new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("1-epp").endMetadata()
                        .build()).create());
        KubernetesClientException namespace = assertThrows(KubernetesClientException.class, () -> client.resource(
                new NamespaceBuilder().withNewMetadata().withName("team.a").endMetadata().build()).create());

        assertEquals(422, service.getCode());
        assertTrue(service.getStatus().getMessage().contains("DNS-1035 label"), service.getStatus().getMessage());
        assertEquals(422, namespace.getCode());
    }

    @Test
    void deletingANamespaceDeletesWhatIsInIt() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build()).create();
        client.configMaps().inNamespace("team").resource(configMap("c")).create();
        client.configMaps().resource(configMap("stays")).create();

        client.namespaces().withName("team").delete();

        assertTrue(client.configMaps().inNamespace("team").list().getItems().isEmpty());
        assertNull(client.namespaces().withName("team").get());
        assertNotNull(client.configMaps().withName("stays").get());
    }

    @Test
    void objectsWhoseOwnerIsGoneAreGarbageCollected() {
        Deployment owner = client.resource(deployment("owner")).create();
        ConfigMap dependent = new ConfigMapBuilder(configMap("dependent")).editMetadata()
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName("owner").withUid(owner.getMetadata().getUid()).build()).endMetadata().build();
        client.resource(dependent).create();
        ConfigMap grandchild = new ConfigMapBuilder(configMap("grandchild")).editMetadata()
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("dependent").withUid(client.configMaps().withName("dependent").get().getMetadata().getUid())
                        .build()).endMetadata().build();
        client.resource(grandchild).create();

        client.resource(owner).delete();

        assertNull(client.configMaps().withName("dependent").get());
        assertNull(client.configMaps().withName("grandchild").get());
    }

    @Test
    void finalizersKeepAnObjectUntilRemoved() {
        client.resource(new ConfigMapBuilder(configMap("f")).editMetadata().addToFinalizers("pool.dev/cleanup")
                .endMetadata().build()).create();

        client.configMaps().withName("f").delete();
        ConfigMap marked = client.configMaps().withName("f").get();
        assertNotNull(marked.getMetadata().getDeletionTimestamp());

        client.configMaps().withName("f").edit(cm -> new ConfigMapBuilder(cm).editMetadata().withFinalizers()
                .endMetadata().build());
        assertNull(client.configMaps().withName("f").get());
    }

    @Test
    void mergeAndJsonPatchesAndTheirManagers() {
        client.resource(configMap("p")).create();

        client.configMaps().withName("p").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"b\":\"2\"}}");
        ConfigMap patched = client.configMaps().withName("p")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");

        assertEquals(Map.of("b", "2"), patched.getData());
        assertEquals("Update", patched.getMetadata().getManagedFields().get(0).getOperation());
    }

    @Test
    void unknownKindsBecomeServedWhenTheirCrdIsCreated() {
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFixtures.widgetCrd()).create();
        GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
                .withKind("Widget").withNewMetadata().withName("w").endMetadata()
                .addToAdditionalProperties("spec", Map.of("size", 3)).build();

        HasMetadata created = client.resource(widget).create();

        assertEquals("w", created.getMetadata().getName());
        assertEquals(1, client.genericKubernetesResources("example.com/v1", "Widget").list().getItems().size());
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }

    private static Secret secret(String name, Map<String, String> labels) {
        return new SecretBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withType("Opaque").addToData("k", "dg==").build();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("a", "1").build();
    }

    static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("vllm").withImage("vllm").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void scaleSubresourceChangesReplicas() {
        client.resource(deployment("scaled")).create();

        client.apps().deployments().withName("scaled").scale(3);

        assertEquals(3, client.apps().deployments().withName("scaled").get().getSpec().getReplicas());
        assertEquals(3, client.apps().deployments().withName("scaled").scale().getSpec().getReplicas());
    }

    @Test
    void applyingReplicasAfterAScaleConflictsWithTheScaleSubresourceManager() {
        client.resource(deployment("scaled-then-applied")).fieldManager("pool").serverSideApply();
        client.apps().deployments().withName("scaled-then-applied").scale(3);

        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resource(deployment("scaled-then-applied")).fieldManager("pool").serverSideApply());

        assertEquals("Apply failed with 1 conflict: conflict with \"fabric8-kubernetes-client\" with subresource"
                + " \"scale\" using apps/v1: .spec.replicas", e.getStatus().getMessage());
    }

    @Test
    void deletingACrdDeletesItsObjects() {
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFixtures.widgetCrd()).create();
        client.resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName("w").endMetadata().build()).create();

        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFixtures.widgetCrd()).create();

        assertTrue(client.genericKubernetesResources("example.com/v1", "Widget").list().getItems().isEmpty());
    }

    @Test
    void deleteWithAStaleResourceVersionPreconditionIsConflict() {
        ConfigMap created = client.resource(configMap("locked")).create();
        client.configMaps().withName("locked").edit(cm -> new ConfigMapBuilder(cm).addToData("b", "2").build());

        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> client.configMaps()
                .withName("locked").lockResourceVersion(created.getMetadata().getResourceVersion()).delete());

        assertEquals(409, e.getCode());
        assertNotNull(client.configMaps().withName("locked").get());
    }

    @Test
    void servicesGetAClusterIpAndTheDefaultsAClusterSets() {
        Service applied = new ServiceBuilder().withNewMetadata().withName("epp").endMetadata().withNewSpec()
                .addToSelector("app", "epp").addNewPort().withName("grpc").withPort(9002).endPort().endSpec().build();

        Service first = client.resource(applied).fieldManager("pool").serverSideApply();
        Service second = client.resource(applied).fieldManager("pool").serverSideApply();

        assertTrue(first.getSpec().getClusterIP().startsWith("10.96."), first.getSpec().getClusterIP());
        assertEquals("ClusterIP", first.getSpec().getType());
        assertEquals("TCP", first.getSpec().getPorts().get(0).getProtocol());
        assertEquals(9002, first.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        assertEquals(first.getMetadata().getResourceVersion(), second.getMetadata().getResourceVersion());
        assertEquals(first.getSpec().getClusterIP(), second.getSpec().getClusterIP());
        String owned = second.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties().toString();
        assertFalse(owned.contains("clusterIP") || owned.contains("sessionAffinity"), owned);
    }

    @Test
    void deploymentsGetTheDefaultsAClusterSets() {
        Deployment created = client.resource(deployment("defaults")).create();

        assertEquals("RollingUpdate", created.getSpec().getStrategy().getType());
        assertEquals(10, created.getSpec().getRevisionHistoryLimit());
        assertEquals("Always", created.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertEquals("Always", created.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy());
    }
}
