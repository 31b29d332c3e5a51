package epp.server.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The election's Lease in the API server (coordination.k8s.io/v1), with optimistic updates. */
public final class KubernetesLeaseStore implements LeaseStore {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /** @param client a client that fails fast (no retries, short timeouts): the elector retries itself */
    public KubernetesLeaseStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<LeaseRecord> get() {
        Lease lease = client.leases().inNamespace(namespace).withName(name).get();
        if (lease == null) {
            return Optional.empty();
        }
        var spec = lease.getSpec();
        return Optional.of(new LeaseRecord(
                spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity(),
                spec.getLeaseDurationSeconds() == null ? 15 : spec.getLeaseDurationSeconds(),
                instant(spec.getAcquireTime()), instant(spec.getRenewTime()),
                spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
                lease.getMetadata().getResourceVersion()));
    }

    @Override
    public boolean create(LeaseRecord record) {
        return unlessConflict(() -> client.leases().inNamespace(namespace).resource(lease(record)).create());
    }

    @Override
    public boolean update(LeaseRecord record) {
        return unlessConflict(() -> client.leases().inNamespace(namespace).resource(lease(record)).update());
    }

    /** True when the write went through, false when another writer got there first (409 Conflict). */
    private static boolean unlessConflict(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public AutoCloseable onChange(Runnable changed) {
        var watch = client.leases().inNamespace(namespace).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease resource) {
                changed.run();
            }

            @Override
            public void onClose(WatcherException cause) {
                // The elector's own retry period keeps it going without the watch.
            }
        });
        return watch::close;
    }

    private Lease lease(LeaseRecord record) {
        return new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace).withResourceVersion(record.version())
                .endMetadata().withNewSpec().withHolderIdentity(record.holder()).withLeaseDurationSeconds(record.leaseDurationSeconds())
                .withAcquireTime(time(record.acquireTime())).withRenewTime(time(record.renewTime()))
                .withLeaseTransitions(record.transitions()).endSpec().build();
    }

    private static ZonedDateTime time(Instant t) {
        return t == null ? null : ZonedDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
