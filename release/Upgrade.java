package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;
import values.Json;

/** `upgrade`: a new revision from the current one with new values; repairs instead of failing with `--install`. */
public final class Upgrade {
    /** Built with {@link #builder(String)}. */
    public record Options(String name, Map<String, Object> values, boolean valuesGiven, ValuesReuse reuse,
            Map<String, String> labels, String description, DryRun dryRun, Duration waitTimeout,
            boolean forceConflicts, boolean takeOwnership, boolean install, boolean createNamespace,
            int historyMax, boolean cleanupOnFail, boolean rollbackOnFailure) {
        public Options {
            values = values == null ? Map.of() : values;
            labels = labels == null ? Map.of() : labels;
            reuse = reuse == null ? ValuesReuse.DEFAULT : reuse;
            dryRun = dryRun == null ? DryRun.NONE : dryRun;
        }

        /** Values given on the command line (none: an empty map) and Helm's defaults for the rest. */
        public static Options of(String name, Map<String, Object> values) {
            return builder(name).values(values).build();
        }

        public static Builder builder(String name) {
            return new Builder(name);
        }

        /** A copy to change some options of. */
        public Builder toBuilder() {
            var b = new Builder(name);
            b.values = values;
            b.valuesGiven = valuesGiven;
            b.reuse = reuse;
            b.labels = labels;
            b.description = description;
            b.dryRun = dryRun;
            b.waitTimeout = waitTimeout;
            b.forceConflicts = forceConflicts;
            b.takeOwnership = takeOwnership;
            b.install = install;
            b.createNamespace = createNamespace;
            b.historyMax = historyMax;
            b.cleanupOnFail = cleanupOnFail;
            b.rollbackOnFailure = rollbackOnFailure;
            return b;
        }

        Install.Options asInstall(boolean replace) {
            return Install.Options.builder(name).values(values).labels(labels).description(description).replace(replace)
                    .dryRun(dryRun).createNamespace(createNamespace).waitTimeout(waitTimeout).forceConflicts(forceConflicts)
                    .takeOwnership(takeOwnership).rollbackOnFailure(rollbackOnFailure).build();
        }
    }

    /** Upgrade's options by name; every one not set keeps Helm's default. */
    public static final class Builder {
        private final String name;
        private Map<String, Object> values = Map.of();
        private Boolean valuesGiven;
        private ValuesReuse reuse = ValuesReuse.DEFAULT;
        private Map<String, String> labels = Map.of();
        private String description;
        private DryRun dryRun = DryRun.NONE;
        private Duration waitTimeout;
        private boolean forceConflicts;
        private boolean takeOwnership;
        private boolean install;
        private boolean createNamespace;
        private int historyMax = HistoryPruner.DEFAULT_MAX;
        private boolean cleanupOnFail;
        private boolean rollbackOnFailure;

        private Builder(String name) {
            this.name = name;
        }

        public Builder values(Map<String, Object> values) {
            this.values = values;
            return this;
        }

        /** Whether any values flag was given (decides Helm's implicit --reuse-values); default: values is not empty. */
        public Builder valuesGiven(boolean valuesGiven) {
            this.valuesGiven = valuesGiven;
            return this;
        }

        public Builder reuse(ValuesReuse reuse) {
            this.reuse = reuse;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder dryRun(DryRun dryRun) {
            this.dryRun = dryRun;
            return this;
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

        public Builder takeOwnership(boolean takeOwnership) {
            this.takeOwnership = takeOwnership;
            return this;
        }

        /** `-i/--install`: install or repair a release without a deployed revision. */
        public Builder install(boolean install) {
            this.install = install;
            return this;
        }

        public Builder createNamespace(boolean createNamespace) {
            this.createNamespace = createNamespace;
            return this;
        }

        /** Revisions to keep, 0 for no limit. */
        public Builder historyMax(int historyMax) {
            this.historyMax = historyMax;
            return this;
        }

        /** Delete the objects this upgrade created when it fails. */
        public Builder cleanupOnFail(boolean cleanupOnFail) {
            this.cleanupOnFail = cleanupOnFail;
            return this;
        }

        /** `--rollback-on-failure`/`--atomic`: roll a failed upgrade back to the revision it started from. */
        public Builder rollbackOnFailure(boolean rollbackOnFailure) {
            this.rollbackOnFailure = rollbackOnFailure;
            return this;
        }

        public Options build() {
            boolean given = valuesGiven != null ? valuesGiven : values != null && !values.isEmpty();
            return new Options(name, values, given, reuse, labels, description, dryRun, waitTimeout, forceConflicts, takeOwnership,
                    install, createNamespace, historyMax, cleanupOnFail, rollbackOnFailure);
        }
    }

    private final ReleaseContext ctx;
    private boolean installed;

    public Upgrade(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the last run installed (`--install` on a release without a deployed revision) instead of upgrading. */
    public boolean installed() {
        return installed;
    }

    public Release run(Options o) {
        installed = false;
        if (ReleaseNames.problem(o.name()) != null) {
            throw new ReleaseException("release name is invalid: " + o.name() + " (" + ReleaseNames.problem(o.name()) + ")");
        }
        List<StoredRelease> history = ctx.store().history(o.name());
        if (history.isEmpty()) {
            if (o.install()) {
                ctx.progress().accept("Release \"" + o.name() + "\" does not exist. Installing it now.");
                installed = true;
                return new Install(ctx).run(o.asInstall(false));
            }
            throw new ReleaseException("UPGRADE FAILED: \"" + o.name() + "\" has no deployed releases (no release \"" + o.name()
                    + "\" in namespace " + ctx.namespace() + "); install it with `pool upgrade --install " + o.name() + "` and your values flags");
        }
        StoredRelease last = history.get(history.size() - 1);
        PendingTakeover takeover = PendingTakeover.check(ctx, last);
        StoredRelease current = current(history, last, takeover != null);
        if (current == null) {
            if (o.install()) {
                ctx.progress().accept("Release \"" + o.name() + "\" has no deployed revision (revision " + last.version() + " is "
                        + last.status() + "). Installing it again.");
                installed = true;
                return new Install(ctx).run(o.asInstall(true), takeover);
            }
            throw new ReleaseException("UPGRADE FAILED: \"" + o.name() + "\" has no deployed releases (revision " + last.version()
                    + " is " + last.status() + "); run `pool upgrade --install " + o.name() + "` to install it again");
        }
        Release base = current.release();
        int revision = last.version() + 1;

        var check = new Preflight(ctx);
        try {
            ReleaseLabels.checkUserLabels(o.labels());
        } catch (ReleaseException e) {
            check.problem(e.getMessage());
        }
        Map<String, Object> values = o.reuse().userValues(base.config(), o.values(), o.valuesGiven(), check.warnings());
        var rendered = check.render(o.name(), revision, false, values);
        check.warnings().forEach(w -> ctx.progress().accept(Warning.line(w)));
        if (rendered == null) {
            check.throwIfAny();
        }
        List<Map<String, Object>> oldObjects = ctx.chart().parseManifest(base.manifest());
        if (o.dryRun() != DryRun.CLIENT) {
            check.checkCluster(rendered, o.createNamespace());
            check.checkOwnership(o.name(), rendered, oldObjects, o.takeOwnership());
        }
        var now = ctx.now();
        var pending = new Release(o.name(), ctx.namespace(), revision,
                new Release.Info(base.info().firstDeployed(), now, null, "Preparing upgrade", ReleaseStatus.PENDING_UPGRADE,
                        ReleaseNotes.render(o.name(), ctx.namespace(), rendered.values())),
                ctx.chart().record(), Json.sortedMap(values), rendered.manifest(), null, Release.APPLY_SSA,
                ReleaseLabels.merge(base.labels(), o.labels()));
        check.checkSize(pending);
        if (o.dryRun() != DryRun.CLIENT) {
            check.serverDryRun(o.name(), rendered.objects(), o.forceConflicts(), o.dryRun() == DryRun.SERVER);
        }
        check.throwIfAny();
        if (o.dryRun().active()) {
            return pending.withStatus(ReleaseStatus.PENDING_UPGRADE, "Dry run complete");
        }

        if (takeover != null) {
            StoredRelease failed = takeover.apply(ctx);
            if (current.version() == failed.version()) {
                current = failed;
            }
        }
        var rollout = RevisionRollout.start(ctx, pending, o.waitTimeout(), "UPGRADE FAILED: another operation created revision "
                + revision + " of \"" + o.name() + "\" at the same time; this upgrade changed nothing. Check `pool history " + o.name()
                + "` and re-run");
        var target = new RevisionRollout.Target(rendered.objects(), oldObjects, !Release.APPLY_SSA.equals(base.applyMethod()),
                check.existing(), o.forceConflicts(), o.waitTimeout());
        StoredRelease from = current;
        return rollout.run(target, () -> HistoryPruner.prune(ctx.store(), ctx.store().history(o.name()), o.historyMax()),
                new RevisionRollout.OnFailure() {
                    @Override
                    public String description(RevisionRollout.Failure failure) {
                        return "Upgrade \"" + o.name() + "\" failed: " + failure.reason();
                    }

                    @Override
                    public ReleaseException recover(RevisionRollout.Failure failure) {
                        if (o.cleanupOnFail()) {
                            cleanUp(failure);
                        }
                        return o.rollbackOnFailure() ? rollBack(o, from.version(), failure)
                                : new ReleaseException("UPGRADE FAILED: " + failure.reason(), failure.cause());
                    }
                }, () -> supersede(from), RevisionRollout.description(o.description(), "Upgrade complete"));
    }

    /** `--cleanup-on-fail`: deletes what the failed upgrade created, newest first; a delete that fails is said, not thrown. */
    private void cleanUp(RevisionRollout.Failure failure) {
        var created = new java.util.ArrayList<>(failure.created());
        java.util.Collections.reverse(created);
        for (ObjectRef ref : created) {
            try {
                ctx.cluster().delete(ref, "background");
                ctx.progress().accept("Deleted " + ref.describe() + ", which the failed upgrade created (--cleanup-on-fail).");
            } catch (RuntimeException e) {
                ctx.progress().accept(Warning.line("--cleanup-on-fail could not delete " + ref.describe() + ": " + e.getMessage()));
            }
        }
    }

    /** `--rollback-on-failure`: back to the revision the upgrade started from, saying so even when that fails too. */
    private ReleaseException rollBack(Options o, int toRevision, RevisionRollout.Failure failure) {
        try {
            new Rollback(ctx).run(Rollback.Options.builder(o.name(), toRevision).waitTimeout(o.waitTimeout())
                    .forceConflicts(o.forceConflicts()).historyMax(o.historyMax()).build());
        } catch (RuntimeException rollbackError) {
            return new ReleaseException("release " + o.name() + " failed: " + failure.reason() + "; the rollback to revision " + toRevision
                    + " that rollback-on-failure ran failed too: " + rollbackError.getMessage() + ". " + RevisionRollout.stateOf(ctx, o.name())
                    + " Retry with `pool rollback " + o.name() + " " + toRevision + "`", failure.cause());
        }
        return new ReleaseException("release " + o.name() + " failed, and has been rolled back due to rollback-on-failure being set: "
                + failure.reason(), failure.cause());
    }

    /** The upgraded-from revision becomes superseded once the new one is deployed. */
    private void supersede(StoredRelease current) {
        if (current.status() != ReleaseStatus.DEPLOYED) {
            return;
        }
        try {
            ctx.store().update(current, current.release().withStatus(ReleaseStatus.SUPERSEDED, current.release().info().description()), null);
        } catch (RecordConflictException e) {
            ctx.progress().accept(Warning.line("revision " + current.version() + " changed while upgrading and stays "
                    + current.status() + "; pool takes the highest deployed revision as current"));
        }
    }

    /**
     * The revision to upgrade from: the newest if deployed; else the deployed one; else a failed or
     * superseded newest (Helm); else, for a stale pending newest, the newest deployed-or-failed before it.
     * Null when there is nothing to upgrade from (uninstalled, or an install that never finished).
     */
    static StoredRelease current(List<StoredRelease> history, StoredRelease last, boolean lastIsStale) {
        if (last.status() == ReleaseStatus.DEPLOYED) {
            return last;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).status() == ReleaseStatus.DEPLOYED) {
                return history.get(i);
            }
        }
        if (last.status() == ReleaseStatus.FAILED || last.status() == ReleaseStatus.SUPERSEDED) {
            return last;
        }
        if (lastIsStale && last.status() != ReleaseStatus.PENDING_INSTALL) {
            return last;
        }
        return null;
    }
}
