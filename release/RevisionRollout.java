package release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kube.ObjectRef;

/**
 * The steps install, upgrade and rollback share once every check has passed (Helm's
 * performInstall/performUpgrade and failRelease): hold the pending revision, apply the objects,
 * delete those the revision no longer has, wait, then record the revision deployed, or failed and
 * let the action recover.
 */
final class RevisionRollout {
    /**
     * What the revision brings the cluster to.
     *
     * @param previous the objects of the revision replaced (deleted when no longer rendered); empty for an install
     * @param migrateExisting move existing objects' client-side-apply ownership to server-side apply first
     * @param existing identities of the objects that existed before the first write
     * @param waitTimeout null: do not wait for readiness
     */
    record Target(List<Map<String, Object>> objects, List<Map<String, Object>> previous, boolean migrateExisting,
            Set<String> existing, boolean forceConflicts, Duration waitTimeout) {}

    /** Where a rollout failed: applying or deleting objects, or waiting for readiness. */
    enum Stage { APPLY, WAIT }

    /** A failed rollout: its cause, stage, and the objects it created before failing (what --cleanup-on-fail deletes). */
    record Failure(RuntimeException cause, Stage stage, List<ObjectRef> created) {
        String reason() {
            return cause.getMessage();
        }
    }

    /** How an action records and answers a failed rollout. */
    interface OnFailure {
        /** The failed revision's description. */
        String description(Failure failure);

        /** Runs once the failed revision is recorded (cleanup, rollback on failure); returns what the action throws. */
        ReleaseException recover(Failure failure);
    }

    private final ReleaseContext ctx;
    private final Release pending;
    private final PendingRevision held;

    private RevisionRollout(ReleaseContext ctx, Release pending, PendingRevision held) {
        this.ctx = ctx;
        this.pending = pending;
        this.held = held;
    }

    /**
     * Creates the pending revision with this process as holder.
     *
     * @param lostRace the message when another operation created the same revision first (nothing was changed)
     */
    static RevisionRollout start(ReleaseContext ctx, Release pending, Duration waitTimeout, String lostRace) {
        try {
            return new RevisionRollout(ctx, pending, PendingRevision.create(ctx, pending, waitTimeout == null ? Duration.ZERO : waitTimeout));
        } catch (RecordConflictException e) {
            throw new ReleaseException(lostRace, e);
        }
    }

    /**
     * Applies the target and records the outcome: on success `beforeDeployed` runs (superseding older
     * revisions) and the revision becomes `deployed` with `description`; on failure it becomes
     * `failed` and the action's recovery decides what is thrown.
     *
     * @param beforeApply runs first while the revision is held (history pruning)
     */
    Release run(Target target, Runnable beforeApply, OnFailure onFailure, Runnable beforeDeployed, String description) {
        try (held) {
            beforeApply.run();
            var sync = new ObjectSync(ctx, pending.name());
            var created = new ArrayList<ObjectRef>();
            Stage stage = Stage.APPLY;
            try {
                sync.applyAll(target.objects(), target.forceConflicts(), target.migrateExisting(), target.existing(), created);
                sync.deleteRemoved(target.previous(), target.objects());
                stage = Stage.WAIT;
                if (target.waitTimeout() != null) {
                    new ReadinessWaiter(ctx).await(target.objects(), target.waitTimeout());
                }
            } catch (RuntimeException e) {
                var failure = new Failure(e, stage, List.copyOf(created));
                held.finish(pending.withStatus(ReleaseStatus.FAILED, onFailure.description(failure)));
                throw onFailure.recover(failure);
            }
            beforeDeployed.run();
            return held.finish(pending.withStatus(ReleaseStatus.DEPLOYED, description)).release();
        }
    }

    /** One sentence on where the release stands now, for messages after a failure. */
    static String stateOf(ReleaseContext ctx, String name) {
        try {
            var history = ctx.store().history(name);
            if (history.isEmpty()) {
                return "Release " + name + " has no records left.";
            }
            var newest = history.get(history.size() - 1);
            var deployed = history.stream().filter(r -> r.status() == ReleaseStatus.DEPLOYED).reduce((a, b) -> b);
            return "Release " + name + " is now at revision " + newest.version() + " (" + newest.status() + "), "
                    + deployed.map(d -> "revision " + d.version() + " deployed.").orElse("with no deployed revision.");
        } catch (RuntimeException e) {
            return "The state of release " + name + " could not be read: " + e.getMessage() + ".";
        }
    }

    /** `--description` when given, else Helm's default for the action. */
    static String description(String given, String fallback) {
        return given == null || given.isEmpty() ? fallback : given;
    }
}
