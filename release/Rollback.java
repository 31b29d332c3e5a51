package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** `rollback NAME [REVISION]`: a new revision that re-applies an older one's manifest and values. */
public final class Rollback {
    /** @param revision 0 means the one before the newest */
    public record Options(String name, int revision, Duration waitTimeout, boolean forceConflicts, int historyMax, DryRun dryRun) {
        public Options {
            dryRun = dryRun == null ? DryRun.NONE : dryRun;
        }

        public static Options of(String name, int revision) {
            return new Options(name, revision, null, false, HistoryPruner.DEFAULT_MAX, DryRun.NONE);
        }
    }

    private final ReleaseContext ctx;

    public Rollback(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    public Release run(Options o) {
        if (ReleaseNames.problem(o.name()) != null) {
            throw new ReleaseException("prepareRollback: Release name is invalid: " + o.name());
        }
        List<StoredRelease> history = ctx.store().history(o.name());
        if (history.isEmpty()) {
            throw new ReleaseException("release: not found (no release \"" + o.name() + "\" in namespace " + ctx.namespace() + ")");
        }
        StoredRelease last = history.get(history.size() - 1);
        PendingTakeover takeover = PendingTakeover.check(ctx, last, true);
        int targetVersion = o.revision() > 0 ? o.revision() : last.version() - 1;
        StoredRelease target = history.stream().filter(r -> r.version() == targetVersion).findFirst()
                .orElseThrow(() -> new ReleaseException("release has no " + targetVersion + " version (revisions: "
                        + history.stream().map(r -> Integer.toString(r.version())).toList() + ")"));
        Release from = target.release();
        int revision = last.version() + 1;

        var check = new Preflight(ctx);
        List<Map<String, Object>> targetObjects = ctx.chart().parseManifest(from.manifest());
        List<Map<String, Object>> newestObjects = ctx.chart().parseManifest(last.release().manifest());
        var rendered = new ReleaseChart.Rendered(from.config(), targetObjects, from.manifest());
        if (o.dryRun() != DryRun.CLIENT) {
            check.checkCluster(rendered, false);
            check.checkOwnership(o.name(), rendered, newestObjects, false);
        }
        var now = ctx.now();
        var firstDeployed = last.release().info().firstDeployed() != null ? last.release().info().firstDeployed() : from.info().firstDeployed();
        String description = "Rollback to " + targetVersion;
        var pending = new Release(o.name(), ctx.namespace(), revision,
                new Release.Info(firstDeployed, now, null, description, ReleaseStatus.PENDING_ROLLBACK, from.info().notes()),
                from.chart(), from.config(), from.manifest(), from.hooks(), Release.APPLY_SSA, from.labels());
        check.checkSize(pending);
        check.throwIfAny();
        if (o.dryRun().active()) {
            return pending;
        }
        if (takeover != null) {
            last = takeover.apply(ctx);
        }
        Duration lockTime = o.waitTimeout() == null ? Duration.ZERO : o.waitTimeout();
        PendingRevision held;
        try {
            held = PendingRevision.create(ctx, pending, lockTime);
        } catch (RecordConflictException e) {
            throw new ReleaseException("another operation created revision " + revision + " of \"" + o.name()
                    + "\" at the same time; this rollback changed nothing. Check `pool history " + o.name() + "` and re-run", e);
        }
        try (held) {
            HistoryPruner.prune(ctx.store(), ctx.store().history(o.name()), o.historyMax());
            var sync = new ObjectSync(ctx, o.name());
            try {
                sync.applyAll(targetObjects, o.forceConflicts(), !Release.APPLY_SSA.equals(last.release().applyMethod()), check.existing());
                sync.deleteRemoved(newestObjects, targetObjects);
            } catch (RuntimeException e) {
                supersede(last);
                held.finish(pending.withStatus(ReleaseStatus.FAILED, "Rollback \"" + o.name() + "\" failed: " + e.getMessage()));
                throw new ReleaseException("rollback of \"" + o.name() + "\" failed: " + e.getMessage(), e);
            }
            try {
                if (o.waitTimeout() != null) {
                    new ReadinessWaiter(ctx).await(targetObjects, o.waitTimeout());
                }
            } catch (RuntimeException e) {
                held.finish(pending.withStatus(ReleaseStatus.FAILED, "Release \"" + o.name() + "\" failed: " + e.getMessage()));
                throw new ReleaseException(e.getMessage(), e);
            }
            for (var revisionRecord : ctx.store().history(o.name())) {
                if (revisionRecord.status() == ReleaseStatus.DEPLOYED) {
                    supersede(revisionRecord);
                }
            }
            return held.finish(pending.withStatus(ReleaseStatus.DEPLOYED, description)).release();
        }
    }

    private void supersede(StoredRelease r) {
        if (r.status() != ReleaseStatus.SUPERSEDED) {
            ctx.store().update(r, r.release().withStatus(ReleaseStatus.SUPERSEDED, r.release().info().description()), null);
        }
    }
}
