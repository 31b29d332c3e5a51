package release;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Holds each racing action at its first history read until all of them have read: a race made certain, not hoped for. */
public final class RendezvousStore implements ReleaseStore {
    final ReleaseStore inner;
    private final CyclicBarrier barrier;
    final ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);
    public volatile boolean armed;

    /** Stores that share {@code barrier} hold their first reads until every party has read. */
    public RendezvousStore(ReleaseStore inner, CyclicBarrier barrier) {
        this.inner = inner;
        this.barrier = barrier;
    }

    @Override
    public String namespace() {
        return inner.namespace();
    }

    @Override
    public List<StoredRelease> history(String name) {
        var h = inner.history(name);
        if (armed && !waited.get()) {
            waited.set(true);
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return h;
    }

    @Override
    public List<StoredRelease> list(String labelSelector, boolean allNamespaces) {
        return inner.list(labelSelector, allNamespaces);
    }

    @Override
    public StoredRelease create(Release release, PendingLock lock) {
        return inner.create(release, lock);
    }

    @Override
    public StoredRelease update(StoredRelease current, Release next, PendingLock lock) {
        return inner.update(current, next, lock);
    }

    @Override
    public void delete(StoredRelease revision) {
        inner.delete(revision);
    }
}
