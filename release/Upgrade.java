package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;

/** `upgrade`: a new revision from the current one with new values; repairs instead of failing with `--install`. */
public final class Upgrade {
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

        public static Options of(String name, Map<String, Object> values) {
            return new Options(name, values, !values.isEmpty(), ValuesReuse.DEFAULT, Map.of(), null, DryRun.NONE, null,
                    false, false, false, false, HistoryPruner.DEFAULT_MAX, false, false);
        }

        Install.Options asInstall(boolean replace) {
            return new Install.Options(name, values, labels, description, replace, dryRun, createNamespace, waitTimeout,
                    forceConflicts, takeOwnership, rollbackOnFailure);
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
            throw new ReleaseException("UPGRADE FAILED: \"" + o.name() + "\" has no deployed releases");
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
        check.warnings().forEach(ctx.progress());
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
                ctx.chart().record(), GoJson.sortedMap(values), rendered.manifest(), null, Release.APPLY_SSA,
                ReleaseLabels.merge(base.labels(), o.labels()));
        check.checkSize(pending);
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
        Duration lockTime = o.waitTimeout() == null ? Duration.ZERO : o.waitTimeout();
        PendingRevision held;
        try {
            held = PendingRevision.create(ctx, pending, lockTime);
        } catch (RecordConflictException e) {
            throw new ReleaseException("UPGRADE FAILED: another operation created revision " + revision + " of \"" + o.name()
                    + "\" at the same time; this upgrade changed nothing. Check `pool history " + o.name() + "` and re-run", e);
        }
        try (held) {
            HistoryPruner.prune(ctx.store(), ctx.store().history(o.name()), o.historyMax());
            var sync = new ObjectSync(ctx, o.name());
            List<ObjectRef> created = List.of();
            try {
                created = sync.applyAll(rendered.objects(), o.forceConflicts(), !Release.APPLY_SSA.equals(base.applyMethod()),
                        check.existing());
                sync.deleteRemoved(oldObjects, rendered.objects());
                if (o.waitTimeout() != null) {
                    new ReadinessWaiter(ctx).await(rendered.objects(), o.waitTimeout());
                }
            } catch (RuntimeException e) {
                held.finish(pending.withStatus(ReleaseStatus.FAILED, "Upgrade \"" + o.name() + "\" failed: " + e.getMessage()));
                if (o.cleanupOnFail()) {
                    created.forEach(ref -> ctx.applier().delete(ref, "background"));
                }
                if (o.rollbackOnFailure()) {
                    new Rollback(ctx).run(new Rollback.Options(o.name(), current.version(), o.waitTimeout(), o.forceConflicts(),
                            o.historyMax(), DryRun.NONE));
                    throw new ReleaseException("release " + o.name() + " failed, and has been rolled back due to rollback-on-failure being set: "
                            + e.getMessage(), e);
                }
                throw new ReleaseException("UPGRADE FAILED: " + e.getMessage(), e);
            }
            if (current.status() == ReleaseStatus.DEPLOYED) {
                try {
                    ctx.store().update(current, base.withStatus(ReleaseStatus.SUPERSEDED, base.info().description()), null);
                } catch (RecordConflictException e) {
                    ctx.progress().accept("warning: revision " + current.version() + " changed while upgrading and stays "
                            + current.status() + "; pool takes the highest deployed revision as current");
                }
            }
            String description = o.description() == null || o.description().isEmpty() ? "Upgrade complete" : o.description();
            return held.finish(pending.withStatus(ReleaseStatus.DEPLOYED, description)).release();
        }
    }

    /**
     * The revision to upgrade from: the newest if deployed; else the deployed one; else a failed or
     * superseded newest (Helm); else, for a stale pending newest, the newest deployed-or-failed before it.
     * Null when there is nothing to upgrade from (uninstalled, or an install that never finished).
     */
    private static StoredRelease current(List<StoredRelease> history, StoredRelease last, boolean lastIsStale) {
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
