package epp.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDatastoreTest {
    private static final String NS = "serving";
    private static final String V1 = "inference.networking.k8s.io";
    private static final String V1ALPHA2 = "inference.networking.x-k8s.io";

    KubernetesClient client;
    private KubernetesDatastore datastore;

    @AfterEach
    void closeDatastore() {
        if (datastore != null) {
            datastore.close();
        }
    }

    @Test
    void readyMatchingPodsOfAV1PoolBecomeEndpoints() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        createPod("ready", "10.0.0.1", Map.of("app", "vllm", "extra", "x"), true);
        createPod("unready", "10.0.0.2", Map.of("app", "vllm"), false);
        createPod("other-app", "10.0.0.3", Map.of("app", "other"), true);

        start("pool", V1);

        assertTrue(datastore.poolSynced());
        PoolInfo pool = datastore.pool().orElseThrow();
        assertEquals(new PoolInfo("pool", NS, V1, Map.of("app", "vllm"), List.of(8000)), pool);
        awaitEndpoints("serving/ready");
        Endpoint endpoint = datastore.endpoints().get(0);
        assertEquals("10.0.0.1", endpoint.address());
        assertEquals(8000, endpoint.port());
        assertEquals(new EndpointId(NS, "ready", 0), endpoint.id());
        assertEquals(Map.of("app", "vllm", "extra", "x"), endpoint.labels());
    }

    /** Issue 12: the reconciler's events in the log, in upstream's words. */
    @Test
    void poolAndPodEventsAreLogged() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var previous = epp.logging.Log.out();
        epp.logging.Log.redirect(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
            createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
            createPod("other-app", "10.0.0.3", Map.of("app", "other"), true);
            start("pool", V1);
            awaitEndpoints("serving/p1");
            setReady("p1", false);
            awaitEndpoints();
        } finally {
            epp.logging.Log.redirect(previous);
        }
        String log = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(log.contains("Reconciling InferencePool\tinferencePool=serving/pool"), log);
        assertTrue(log.contains("Pod added\tname=serving/p1"), log);
        assertTrue(log.contains("Pod removed or not added\tname=serving/p1"), log);
        assertFalse(log.contains("other-app"), "pods outside the pool are not logged: " + log);
    }

    @Test
    void aV1alpha2PoolIsReadWithItsFlatSelectorAndSinglePort() throws Exception {
        createPool(new GenericKubernetesResourceBuilder().withApiVersion(V1ALPHA2 + "/v1alpha2").withKind("InferencePool")
                .withNewMetadata().withName("old-pool").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("selector", Map.of("app", "vllm"), "targetPortNumber", 8080,
                        "extensionRef", Map.of("name", "epp")))
                .build(), V1ALPHA2);
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);

        start("old-pool", V1ALPHA2);

        assertEquals(new PoolInfo("old-pool", NS, V1ALPHA2, Map.of("app", "vllm"), List.of(8080)),
                datastore.pool().orElseThrow());
        awaitEndpoints("serving/p1");
        assertEquals(8080, datastore.endpoints().get(0).port());
    }

    @Test
    void onlyThePoolOfTheGivenNameCounts() throws Exception {
        createPool(v1Pool("someone-else", Map.of("app", "vllm"), 8000));
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);

        start("pool", V1);

        assertFalse(datastore.poolSynced());
        assertEquals(List.of(), datastore.endpoints());
    }

    @Test
    void podsComeAndGoWithReadinessDeletionAndLabels() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        start("pool", V1);

        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), false);
        createPod("p2", "10.0.0.2", Map.of("app", "vllm"), true);
        awaitEndpoints("serving/p2");

        setReady("p1", true);
        awaitEndpoints("serving/p1", "serving/p2");

        setReady("p2", false);
        awaitEndpoints("serving/p1");

        relabel("p1", Map.of("app", "something-else"));
        awaitEndpoints();

        relabel("p1", Map.of("app", "vllm"));
        setReady("p2", true);
        awaitEndpoints("serving/p1", "serving/p2");

        client.pods().inNamespace(NS).withName("p2").delete();
        awaitEndpoints("serving/p1");
    }

    @Test
    void aChangeOfIpOrLabelsMakesANewEndpointAndTellsListeners() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);
        awaitEndpoints("serving/p1");
        Endpoint first = datastore.endpoints().get(0);
        var events = new RecordingListener();
        datastore.addListener(events);
        assertEquals(List.of("+" + first), events.events(), "a new listener hears about existing endpoints");

        relabel("p1", Map.of("app", "vllm", "version", "2"));
        await(() -> datastore.endpoints().size() == 1 && datastore.endpoints().get(0) != first, "relabelled endpoint");
        Endpoint relabelled = datastore.endpoints().get(0);
        assertEquals(Map.of("app", "vllm", "version", "2"), relabelled.labels());

        Pod pod = client.pods().inNamespace(NS).withName("p1").get();
        pod.getStatus().setPodIP("10.0.0.9");
        client.pods().inNamespace(NS).resource(pod).updateStatus();
        await(() -> datastore.endpoints().size() == 1 && datastore.endpoints().get(0).address().equals("10.0.0.9"), "new IP");
        Endpoint moved = datastore.endpoints().get(0);

        assertEquals(List.of("+" + first, "-" + first, "+" + relabelled, "-" + relabelled, "+" + moved), events.events());
    }

    @Test
    void anUnrelatedPodUpdateKeepsTheSameEndpointAndItsMetrics() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);
        awaitEndpoints("serving/p1");
        Endpoint endpoint = datastore.endpoints().get(0);

        Pod pod = client.pods().inNamespace(NS).withName("p1").get();
        pod.getMetadata().setAnnotations(Map.of("touched", "yes"));
        client.pods().inNamespace(NS).resource(pod).update();
        createPod("marker", "10.0.0.2", Map.of("app", "vllm"), true);
        awaitEndpoints("serving/marker", "serving/p1");

        assertSame(endpoint, datastore.endpoints().stream().filter(e -> e.id().podName().equals("p1")).findFirst().orElseThrow());
    }

    @Test
    void aSelectorChangeResyncsEveryPod() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "blue"), 8000));
        createPod("blue", "10.0.0.1", Map.of("app", "blue"), true);
        createPod("green", "10.0.0.2", Map.of("app", "green"), true);
        start("pool", V1);
        awaitEndpoints("serving/blue");

        GenericKubernetesResource pool = pools(V1).withName("pool").get();
        pool.setAdditionalProperty("spec", v1Spec(Map.of("app", "green"), 8000));
        pools(V1).resource(pool).update();

        awaitEndpoints("serving/green");
        assertEquals(Map.of("app", "green"), datastore.pool().orElseThrow().matchLabels());
    }

    @Test
    void everyTargetPortMakesAnEndpointRankedByItsIndex() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000, 8001, 8002));
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);

        await(() -> datastore.endpoints().size() == 3, "three endpoints");
        List<Endpoint> endpoints = new ArrayList<>(datastore.endpoints());
        endpoints.sort((a, b) -> Integer.compare(a.id().rank(), b.id().rank()));
        assertEquals(List.of(8000, 8001, 8002), endpoints.stream().map(Endpoint::port).toList());
        assertEquals(List.of("serving/p1", "serving/p1-rank-1", "serving/p1-rank-2"),
                endpoints.stream().map(e -> e.id().server()).toList());
        assertEquals(List.of("10.0.0.1:8000", "10.0.0.1:8001", "10.0.0.1:8002"),
                endpoints.stream().map(Endpoint::hostPort).toList());
    }

    @Test
    void deletingThePoolForgetsItAndEveryEndpoint() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);
        awaitEndpoints("serving/p1");
        var events = new RecordingListener();
        datastore.addListener(events);
        Endpoint endpoint = datastore.endpoints().get(0);

        pools(V1).withName("pool").delete();

        await(() -> !datastore.poolSynced() && datastore.endpoints().isEmpty(), "pool cleared");
        await(() -> events.events().equals(List.of("+" + endpoint, "-" + endpoint)), "listener told of the removal");
    }

    @Test
    void aPoolBeingDeletedCountsAsGone() throws Exception {
        GenericKubernetesResource pool = v1Pool("pool", Map.of("app", "vllm"), 8000);
        pool.getMetadata().setFinalizers(List.of("example.com/hold"));
        createPool(pool);
        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);
        awaitEndpoints("serving/p1");

        pools(V1).withName("pool").delete(); // the finalizer keeps it, with a deletionTimestamp

        await(() -> !datastore.poolSynced() && datastore.endpoints().isEmpty(), "pool cleared");
    }

    @Test
    void podsOfOtherNamespacesAreNotWatched() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        client.pods().inNamespace("elsewhere").resource(new PodBuilder().withNewMetadata().withName("far")
                .withNamespace("elsewhere").withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewStatus().withPodIP("10.0.0.9").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build()).create();
        createPod("near", "10.0.0.1", Map.of("app", "vllm"), true);
        start("pool", V1);

        awaitEndpoints("serving/near");
        createPod("marker", "10.0.0.2", Map.of("app", "vllm"), true);
        awaitEndpoints("serving/marker", "serving/near");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheTable() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        start("pool", V1);
        datastore.addListener(new Datastore.EndpointListener() {
            @Override
            public void endpointAdded(Endpoint endpoint) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void endpointRemoved(Endpoint endpoint) {
                throw new IllegalStateException("listener bug");
            }
        });
        var events = new RecordingListener();
        datastore.addListener(events);

        createPod("p1", "10.0.0.1", Map.of("app", "vllm"), true);

        awaitEndpoints("serving/p1");
        await(() -> events.events().size() == 1, "the second listener told");
    }

    @Test
    void objectivesAreThoseWhosePoolRefNamesThisPoolAndGroup() throws Exception {
        createPool(v1Pool("pool", Map.of("app", "vllm"), 8000));
        createObjective("critical", Map.of("name", "pool", "group", V1), 10);
        createObjective("default-group", Map.of("name", "pool"), null);
        createObjective("other-pool", Map.of("name", "another"), 5);
        createObjective("other-group", Map.of("name", "pool", "group", V1ALPHA2), 5);
        start("pool", V1);

        await(() -> datastore.objective("critical").isPresent() && datastore.objective("default-group").isPresent(),
                "objectives of the pool");
        assertEquals(new Objective("critical", 10), datastore.objective("critical").orElseThrow());
        assertEquals(new Objective("default-group", null), datastore.objective("default-group").orElseThrow());
        assertEquals(Optional.empty(), datastore.objective("other-pool"));
        assertEquals(Optional.empty(), datastore.objective("other-group"));

        GenericKubernetesResource moved = objectives().withName("critical").get();
        moved.setAdditionalProperty("spec", Map.of("poolRef", Map.of("name", "another"), "priority", 10));
        objectives().resource(moved).update();
        objectives().withName("default-group").delete();
        await(() -> datastore.objective("critical").isEmpty() && datastore.objective("default-group").isEmpty(),
                "objectives moved away or deleted are dropped");
    }

    @Test
    void anUnknownPoolGroupIsRefusedWithTheAllowedOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new KubernetesDatastore(client, "pool", NS, "example.com"));
        assertTrue(e.getMessage().contains("\"example.com\"") && e.getMessage().contains(V1)
                && e.getMessage().contains(V1ALPHA2), e.getMessage());
    }

    // --- helpers ---

    private void start(String poolName, String group) throws InterruptedException {
        datastore = new KubernetesDatastore(client, poolName, NS, group);
        datastore.start(Duration.ofSeconds(30));
    }

    private static GenericKubernetesResource v1Pool(String name, Map<String, String> matchLabels, Integer... ports) {
        return new GenericKubernetesResourceBuilder().withApiVersion(V1 + "/v1").withKind("InferencePool")
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", v1Spec(matchLabels, ports))
                .build();
    }

    private static Map<String, Object> v1Spec(Map<String, String> matchLabels, Integer... ports) {
        return Map.of("selector", Map.of("matchLabels", matchLabels),
                "targetPorts", List.of(ports).stream().map(p -> Map.of("number", p)).toList(),
                "endpointPickerRef", Map.of("name", "epp", "port", Map.of("number", 9002)));
    }

    private void createPool(GenericKubernetesResource pool) {
        createPool(pool, V1);
    }

    private void createPool(GenericKubernetesResource pool, String group) {
        pools(group).resource(pool).create();
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> pools(String group) {
        return client.genericKubernetesResources(InferencePoolApi.forGroup(group).context()).inNamespace(NS);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> objectives() {
        return client.genericKubernetesResources(InferenceObjectiveApi.CONTEXT).inNamespace(NS);
    }

    private void createObjective(String name, Map<String, String> poolRef, Integer priority) {
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("poolRef", poolRef));
        if (priority != null) {
            spec.put("priority", priority);
        }
        objectives().resource(new GenericKubernetesResourceBuilder().withApiVersion(V1ALPHA2 + "/v1alpha2")
                .withKind("InferenceObjective").withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", spec).build()).create();
    }

    /** Creates the pod, then sets its status the way the kubelet would (status subresource). */
    private void createPod(String name, String ip, Map<String, String> labels, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec()
                .build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void setReady(String name, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.getStatus().getConditions().get(0).setStatus(ready ? "True" : "False");
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void relabel(String name, Map<String, String> labels) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.getMetadata().setLabels(labels);
        client.pods().inNamespace(NS).resource(pod).update();
    }

    private void awaitEndpoints(String... servers) {
        Set<String> wanted = Set.of(servers);
        await(() -> servers().equals(wanted), "endpoints " + wanted);
    }

    private Set<String> servers() {
        return datastore.endpoints().stream().map(e -> e.id().server()).collect(Collectors.toSet());
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; endpoints now " + servers());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static final class RecordingListener implements Datastore.EndpointListener {
        private final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void endpointAdded(Endpoint endpoint) {
            events.add("+" + endpoint);
        }

        @Override
        public void endpointRemoved(Endpoint endpoint) {
            events.add("-" + endpoint);
        }

        List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }
}
