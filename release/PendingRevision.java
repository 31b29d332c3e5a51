package release;

import java.time.Duration;

/**
 * The pending revision an operation holds. All writes of that revision go through here, so each
 * carries the resourceVersion last written. Until it is finished, SIGINT/SIGTERM (a JVM shutdown)
 * marks the revision `failed` instead of leaving it pending.
 */
final class PendingRevision implements AutoCloseable {
    /** How long after its start a lock stays valid beyond the operation's own wait timeout. */
    static final Duration GRACE = Duration.ofMinutes(5);

    private final ReleaseContext ctx;
    private final Thread shutdownHook;
    private StoredRelease current;
    private boolean finished;

    private PendingRevision(ReleaseContext ctx, StoredRelease created) {
        this.ctx = ctx;
        this.current = created;
        this.shutdownHook = new Thread(this::markCancelled, "pool-mark-failed-on-exit");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates the pending revision with this process as holder; a conflict means another operation won. */
    static PendingRevision create(ReleaseContext ctx, Release pending, Duration waitTimeout) {
        var now = ctx.now();
        var lock = new PendingLock(ctx.holder().id(), now, now.plus(waitTimeout).plus(GRACE));
        return new PendingRevision(ctx, ctx.store().create(pending, lock));
    }

    /** Takes over an existing pending revision (e.g. uninstall's `uninstalling` step, rewritten in place). */
    static PendingRevision update(ReleaseContext ctx, StoredRelease existing, Release next, Duration waitTimeout) {
        var now = ctx.now();
        var lock = new PendingLock(ctx.holder().id(), now, now.plus(waitTimeout).plus(GRACE));
        return new PendingRevision(ctx, ctx.store().update(existing, next, lock));
    }

    synchronized Release release() {
        return current.release();
    }

    /** Writes the final state and releases the lock. */
    synchronized StoredRelease finish(Release last) {
        current = ctx.store().update(current, last, null);
        finished = true;
        return current;
    }

    /** The operation is done and the revision is about to be deleted: nothing to write, nothing to cancel. */
    synchronized StoredRelease done() {
        finished = true;
        return current;
    }

    /** What SIGINT/SIGTERM do: mark the revision failed unless it was finished. */
    synchronized void markCancelled() {
        if (finished) {
            return;
        }
        try {
            var r = current.release();
            current = ctx.store().update(current, r.withStatus(ReleaseStatus.FAILED,
                    "Release \"" + r.name() + "\" was cancelled: pool was interrupted before the operation finished"), null);
            finished = true;
            ctx.progress().accept("Release " + r.name() + " has been cancelled.");
        } catch (RuntimeException e) {
            ctx.progress().accept(Warning.line("release " + current.release().name() + " could not be marked failed on exit: "
                    + e.getMessage()));
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
