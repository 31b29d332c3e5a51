package epp.server;

import common.EppLease;
import epp.logging.Log;
import epp.server.leader.KubernetesLeaseStore;
import epp.server.leader.LeaderElector;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * `--ha-enable-leader-election` (epp.md §7.3): a {@link LeaderElector} on the Lease named
 * `epp-<namespace>-<pool>.gateway-api-inference-extension.sigs.k8s.io` in the pool namespace,
 * run on its own thread; a standby also watches the Lease so that it takes over as soon as the
 * leader releases it. Readiness follows {@link #isLeader()}. {@link #close()} releases the Lease.
 */
public final class LeaderElection implements BooleanSupplier, AutoCloseable {
    /** Lease API calls fail fast: the elector's own retry period and renew deadline govern. */
    private static final int API_TIMEOUT_MILLIS = 2_000;

    private final LeaderElector elector;
    private final KubernetesClient leaseClient;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "epp-leader-election");
        t.setDaemon(true);
        return t;
    });
    private AutoCloseable watch = () -> { };
    private ScheduledFuture<?> next;
    private boolean closed;

    private LeaderElection(LeaderElector elector, KubernetesClient leaseClient) {
        this.elector = elector;
        this.leaseClient = leaseClient;
    }

    public static LeaderElection start(KubernetesClient client, String namespace, String poolName) {
        String identity = System.getenv().getOrDefault("HOSTNAME", "epp") + "_" + UUID.randomUUID();
        KubernetesClient leaseClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(API_TIMEOUT_MILLIS).withConnectionTimeout(API_TIMEOUT_MILLIS)
                .build()).build();
        String lease = EppLease.name(namespace, poolName);
        var store = new KubernetesLeaseStore(leaseClient, namespace, lease);
        var election = new LeaderElection(new LeaderElector(store, identity, namespace + "/" + lease, LeaderElector.Timings.DEFAULT,
                Clock.systemUTC()), leaseClient);
        Log.info("attempting to acquire leader lease", "lease", namespace + "/" + lease, "identity", identity);
        election.schedule(Duration.ZERO);
        try {
            election.watch = store.onChange(election::leaseChanged);
        } catch (RuntimeException e) {
            Log.warn("Cannot watch the leader Lease: a standby takes over on its next retry instead of at once", "error", e.getMessage());
        }
        return election;
    }

    private synchronized void schedule(Duration delay) {
        if (!closed) {
            next = loop.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void attempt() {
        schedule(elector.tick());
    }

    /** A standby tries at once when the Lease changes (released, or renewed by nobody). */
    private synchronized void leaseChanged() {
        if (!closed && !elector.isLeader() && next != null && next.cancel(false)) {
            schedule(Duration.ZERO);
        }
    }

    public boolean isLeader() {
        return elector.isLeader();
    }

    @Override
    public boolean getAsBoolean() {
        return isLeader();
    }

    /** Stops the attempts and releases the Lease if held, so that a standby takes over at once. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        try {
            watch.close();
        } catch (Exception e) {
            // the watch is gone either way
        }
        loop.shutdown();
        try {
            loop.awaitTermination(API_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        elector.release();
        leaseClient.close();
    }
}
