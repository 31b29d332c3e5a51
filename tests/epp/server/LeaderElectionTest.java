package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** §7.3: the Lease name and becoming leader against an API server that stores leases. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
    KubernetesClient client;

    @Test
    void becomesLeaderOfTheNamedLease() throws Exception {
        try (var election = LeaderElection.start(client, "ns", "pool")) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!election.isLeader() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(election.isLeader(), "leader within 20 s");
            Lease lease = client.leases().inNamespace("ns").withName("epp-ns-pool.gateway-api-inference-extension.sigs.k8s.io").get();
            assertEquals(15, lease.getSpec().getLeaseDurationSeconds());
        }
        Lease released = client.leases().inNamespace("ns").withName("epp-ns-pool.gateway-api-inference-extension.sigs.k8s.io").get();
        assertEquals("", released.getSpec().getHolderIdentity(), "released on close, for a standby to take over at once");
    }
}
