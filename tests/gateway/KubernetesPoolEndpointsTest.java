package gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's ready endpoints as the gateway reads them from the local Kubernetes API's Pods. */
class KubernetesPoolEndpointsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private PoolWithEpp pool;

    @BeforeEach
    void startPool() throws Exception {
        pool = new PoolWithEpp(dir);
    }

    @AfterEach
    void stopPool() throws Exception {
        pool.close();
    }

    @Test
    void everyReadyPodOfThePoolsSelectorOnItsTargetPortInPodNameOrder() {
        PoolEndpoints endpoints = pool.endpoints();

        assertEquals(List.of(new Endpoint("vllm-0", pool.endpoint(0)), new Endpoint("vllm-1", pool.endpoint(1)),
                new Endpoint("vllm-2", pool.endpoint(2))), endpoints.ready());
        assertEquals("vllm-2", endpoints.podName(pool.endpoint(2)));
        assertEquals("-", endpoints.podName("127.0.0.9:" + pool.targetPort()));
    }

    @Test
    void anUnreadyPodLeavesTheListButKeepsItsNameAndADeletedOneLeavesBoth() throws Exception {
        PoolEndpoints endpoints = pool.endpoints();

        pool.setReady("vllm-0", false);
        await(() -> endpoints.ready().size() == 2, endpoints::ready);
        assertEquals(List.of("vllm-1", "vllm-2"), endpoints.ready().stream().map(Endpoint::pod).toList());
        assertEquals("vllm-0", endpoints.podName(pool.endpoint(0)));

        pool.client().pods().inNamespace(PoolWithEpp.NS).withName("vllm-1").delete();
        await(() -> endpoints.podName(pool.endpoint(1)).equals("-"), endpoints::ready);
        assertEquals(List.of("vllm-2"), endpoints.ready().stream().map(Endpoint::pod).toList());
    }

    @Test
    void aV1alpha2PoolIsReadFromItsSelectorAndTargetPortNumber() {
        Map<String, Object> legacy = Map.of("apiVersion", "inference.networking.x-k8s.io/v1alpha2", "kind", "InferencePool",
                "metadata", Map.of("name", "legacy", "namespace", PoolWithEpp.NS),
                "spec", Map.of("selector", Map.of("app", "vllm"), "targetPortNumber", 8000,
                        "extensionRef", Map.of("name", "legacy-epp")));
        pool.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("inference.networking.x-k8s.io")
                        .withVersion("v1alpha2").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build())
                .inNamespace(PoolWithEpp.NS).resource(Serialization.jsonMapper().convertValue(legacy, GenericKubernetesResource.class)).create();

        try (var endpoints = KubernetesPoolEndpoints.forPool(pool.client(), PoolWithEpp.NS, "legacy")) {
            assertEquals(List.of(new Endpoint("vllm-0", "127.0.0.2:8000"), new Endpoint("vllm-1", "127.0.0.3:8000"),
                    new Endpoint("vllm-2", "127.0.0.4:8000")), endpoints.ready());
        }
    }

    @Test
    void aMissingPoolIsNamedInTheError() {
        var error = assertThrows(IllegalArgumentException.class, () -> KubernetesPoolEndpoints.forPool(pool.client(), PoolWithEpp.NS, "nope"));
        assertTrue(error.getMessage().startsWith("InferencePool serving/nope not found"), error.getMessage());
    }

    private static void await(Supplier<Boolean> condition, Supplier<Object> seen) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + "; last seen " + seen.get());
            }
            Thread.sleep(20);
        }
    }
}
