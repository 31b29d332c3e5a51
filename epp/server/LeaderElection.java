package epp.server;

import epp.logging.Log;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * `--ha-enable-leader-election` (epp.md §7.3): a Lease named
 * `epp-<namespace>-<pool>.gateway-api-inference-extension.sigs.k8s.io` in the pool namespace, with
 * controller-runtime's timings (lease 15 s, renew deadline 10 s, retry 2 s), released on shutdown.
 * Readiness follows {@link #isLeader()}; losing the lease after holding it ends the process, as
 * controller-runtime does, so the replica restarts as a follower.
 */
public final class LeaderElection implements BooleanSupplier, AutoCloseable {
    private final AtomicBoolean leader;
    private final AtomicBoolean closing;
    private final CompletableFuture<?> running;

    private LeaderElection(AtomicBoolean leader, AtomicBoolean closing, CompletableFuture<?> running) {
        this.leader = leader;
        this.closing = closing;
        this.running = running;
    }

    public static String leaseName(String namespace, String poolName) {
        return "epp-" + namespace + "-" + poolName + ".gateway-api-inference-extension.sigs.k8s.io";
    }

    public static LeaderElection start(KubernetesClient client, String namespace, String poolName, Runnable onLost) {
        String identity = System.getenv().getOrDefault("HOSTNAME", "epp") + "_" + UUID.randomUUID();
        AtomicBoolean leader = new AtomicBoolean();
        AtomicBoolean closing = new AtomicBoolean();
        var config = new LeaderElectionConfigBuilder()
                .withName(leaseName(namespace, poolName))
                .withLock(new LeaseLock(namespace, leaseName(namespace, poolName), identity))
                .withLeaseDuration(Duration.ofSeconds(15))
                .withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            leader.set(true);
                            Log.info("successfully acquired lease", "lease", namespace + "/" + leaseName(namespace, poolName), "identity", identity);
                        },
                        () -> {
                            boolean was = leader.getAndSet(false);
                            if (was && !closing.get()) {
                                Log.error("leader election lost", null, "lease", namespace + "/" + leaseName(namespace, poolName));
                                onLost.run();
                            }
                        },
                        newLeader -> Log.info("new leader elected", "lease", namespace + "/" + leaseName(namespace, poolName), "identity", newLeader)))
                .build();
        return new LeaderElection(leader, closing, client.leaderElector().withConfig(config).build().start());
    }

    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public boolean getAsBoolean() {
        return isLeader();
    }

    @Override
    public void close() {
        closing.set(true);
        running.cancel(true);
    }
}
