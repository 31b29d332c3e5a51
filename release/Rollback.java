package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** `rollback NAME [REVISION]`: a new revision that re-applies an older one's manifest and values. */
public final class Rollback {
    /**
     * Built with {@link #builder(String, int)}.
     *
     * @param revision 0 means the one before the newest
     */
    public record Options(String name, int revision, Duration waitTimeout, boolean forceConflicts, int historyMax, DryRun dryRun) {
        public Options {
            dryRun = dryRun == null ? DryRun.NONE : dryRun;
        }

        public static Options of(String name, int revision) {
            return builder(name, revision).build();
        }

        public static Builder builder(String name, int revision) {
            return new Builder(name, revision);
        }
    }

    /** Rollback's options by name; every one not set keeps Helm's default. */
    public static final class Builder {
        private final String name;
        private final int revision;
        private Duration waitTimeout;
        private boolean forceConflicts;
        private int historyMax = HistoryPruner.DEFAULT_MAX;
        private DryRun dryRun = DryRun.NONE;

        private Builder(String name, int revision) {
            this.name = name;
            this.revision = revision;
        }

        /** Null: do not wait for readiness. */
        public Builder waitTimeout(Duration waitTimeout) {
            this.waitTimeout = waitTimeout;
            return this;
        }

        public Builder forceConflicts(boolean forceConflicts) {
            this.forceConflicts = forceConflicts;
            return this;
        }

        /** Revisions to keep, 0 for no limit. */
        public Builder historyMax(int historyMax) {
            this.historyMax = historyMax;
            return this;
        }

        public Builder dryRun(DryRun dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Options build() {
            return new Options(name, revision, waitTimeout, forceConflicts, historyMax, dryRun);
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
        check.checkLimits(o.name(), targetObjects);
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
        if (o.dryRun() != DryRun.CLIENT) {
            check.serverDryRun(o.name(), targetObjects, o.forceConflicts(), o.dryRun() == DryRun.SERVER);
        }
        check.throwIfAny();
        if (o.dryRun().active()) {
            return pending;
        }
        if (takeover != null) {
            last = takeover.apply(ctx);
        }
        var rollout = RevisionRollout.start(ctx, pending, o.waitTimeout(), "another operation created revision " + revision + " of \""
                + o.name() + "\" at the same time; this rollback changed nothing. Check `pool history " + o.name() + "` and re-run");
        var goal = new RevisionRollout.Target(targetObjects, newestObjects, !Release.APPLY_SSA.equals(last.release().applyMethod()),
                check.existing(), o.forceConflicts(), o.waitTimeout());
        StoredRelease newest = last;
        return rollout.run(goal, () -> HistoryPruner.prune(ctx.store(), ctx.store().history(o.name()), o.historyMax()),
                new RevisionRollout.OnFailure() {
                    @Override
                    public String description(RevisionRollout.Failure failure) {
                        return (failure.stage() == RevisionRollout.Stage.APPLY ? "Rollback \"" : "Release \"") + o.name() + "\" failed: "
                                + failure.reason();
                    }

                    @Override
                    public ReleaseException recover(RevisionRollout.Failure failure) {
                        if (failure.stage() == RevisionRollout.Stage.WAIT) {
                            return new ReleaseException(failure.reason(), failure.cause());
                        }
                        supersede(newest);
                        return new ReleaseException("rollback of \"" + o.name() + "\" failed: " + failure.reason(), failure.cause());
                    }
                }, () -> {
                    for (var revisionRecord : ctx.store().history(o.name())) {
                        if (revisionRecord.status() == ReleaseStatus.DEPLOYED) {
                            supersede(revisionRecord);
                        }
                    }
                }, description);
    }

    private void supersede(StoredRelease r) {
        if (r.status() != ReleaseStatus.SUPERSEDED) {
            ctx.store().update(r, r.release().withStatus(ReleaseStatus.SUPERSEDED, r.release().info().description()), null);
        }
    }
}
