package gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
