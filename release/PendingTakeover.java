package release;

import java.time.Duration;

/**
 * A pending newest revision whose holder is gone (better-than-Helm point 1). An operation that
 * finds one marks it `failed`, saying why, and proceeds; a pending revision still held stops the
 * operation with Helm's "another operation is in progress" and who holds it until when.
 */
final class PendingTakeover {
    /** A pending revision written by Helm has no holder; it is stale this long after it started. */
    static final Duration UNHELD_STALE_AFTER = Duration.ofMinutes(10);

    private final StoredRelease stale;
    private final String reason;

    private PendingTakeover(StoredRelease stale, String reason) {
        this.stale = stale;
        this.reason = reason;
    }

    /** Null when the newest revision is not pending; throws when its holder may still be working. */
    static PendingTakeover check(ReleaseContext ctx, StoredRelease newest) {
        return check(ctx, newest, false);
    }

    /**
     * As {@link #check(ReleaseContext, StoredRelease)}; with `unheldIsStale`, a pending revision
     * that records no holder (Helm wrote it) is taken over at once: rollback is Helm's own way out
     * of a stuck pending release, and pool keeps it working for Helm's records.
     */
    static PendingTakeover check(ReleaseContext ctx, StoredRelease newest, boolean unheldIsStale) {
        if (newest == null || !newest.status().isPending()) {
            return null;
        }
        var now = ctx.now();
        var lock = newest.lock();
        String reason;
        String holding;
        if (lock != null) {
            reason = lock.staleReason(now, ctx.holder());
            holding = "held by " + lock.holder() + " until " + GoTime.rfc3339(lock.deadline());
        } else {
            var started = newest.release().info().lastDeployed();
            boolean old = started == null || now.isAfter(started.plus(UNHELD_STALE_AFTER));
            reason = old ? "it records no holder and started more than " + UNHELD_STALE_AFTER.toMinutes() + "m ago"
                    : unheldIsStale ? "it records no holder (written by Helm) and a rollback was asked for" : null;
            holding = "no holder recorded (written by Helm?), started " + (started == null ? "at an unknown time" : GoTime.rfc3339(started));
        }
        if (reason == null) {
            throw new ReleaseException("another operation (install/upgrade/rollback) is in progress: revision " + newest.version()
                    + " of \"" + newest.release().name() + "\" is " + newest.status() + ", " + holding
                    + ". Wait for it; pool takes the release over once that holder is gone");
        }
        return new PendingTakeover(newest, reason);
    }

    StoredRelease stale() {
        return stale;
    }

    /** Marks the stale revision failed (conditional on its resourceVersion) and says so. */
    StoredRelease apply(ReleaseContext ctx) {
        String description = "Taken over by " + ctx.holder().id() + ": this " + stale.status() + " operation was abandoned ("
                + reason + ")";
        var failed = ctx.store().update(stale, stale.release().withStatus(ReleaseStatus.FAILED, description), null);
        ctx.progress().accept("Revision " + stale.version() + " of " + stale.release().name() + " was " + stale.status()
                + " but " + reason + "; marked it failed and continuing.");
        return failed;
    }
}
