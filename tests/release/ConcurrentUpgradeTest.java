package release;

import testing.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two upgrades that read the same history at the same time: exactly one wins, the other changes nothing. */
class ConcurrentUpgradeTest {
    @Test
    void twoRacingUpgradesExactlyOneWins() throws Exception {
        var clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
        var memory = new MemoryReleaseStore("serving", clock);
        var store = new RendezvousStore(memory, new CyclicBarrier(2));
        var cluster = new FakeCluster();
        var ctx = new ReleaseContext(store, cluster, new TestChart(), clock, HolderIdentity.current(), line -> {});
        new Install(ctx).run(Install.Options.of("pool-1", Map.of("matchLabels", Map.of("app", "vllm"))));
        store.armed = true;

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Release>> results = new ArrayList<>();
            for (int replicas : new int[] {2, 3}) {
                results.add(pool.submit(() -> new Upgrade(ctx).run(Upgrade.Options.of("pool-1",
                        Map.of("matchLabels", Map.of("app", "vllm"), "replicas", replicas)))));
            }
            int won = 0;
            var failures = new ArrayList<String>();
            for (var f : results) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            assertEquals(1, won, failures.toString());
            assertEquals(1, failures.size());
            assertTrue(failures.get(0).contains("another operation created revision 2") && failures.get(0).contains("changed nothing"),
                    failures.get(0));
        } finally {
            pool.shutdownNow();
        }
        var statuses = memory.history("pool-1").stream().map(r -> r.version() + ":" + r.status()).toList();
        assertEquals(List.of("1:superseded", "2:deployed"), statuses);
        var deployedReplicas = ((Map<?, ?>) memory.history("pool-1").get(1).release().config()).get("replicas");
        var deployment = cluster.objects.values().stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
        assertEquals(deployedReplicas, ((Map<?, ?>) deployment.get("spec")).get("replicas"), "the cluster has the winner's values");
    }
}
