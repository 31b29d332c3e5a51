package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** `install`: creates revision 1 (or last+1 with --replace), applies the chart's objects, records the outcome. */
public final class Install {
    /**
     * @param waitTimeout null: do not wait for readiness (Helm 4's default); otherwise wait up to this long
     */
    public record Options(String name, Map<String, Object> values, Map<String, String> labels, String description,
            boolean replace, DryRun dryRun, boolean createNamespace, Duration waitTimeout,
            boolean forceConflicts, boolean takeOwnership, boolean rollbackOnFailure) {
        public Options {
            values = values == null ? Map.of() : values;
            labels = labels == null ? Map.of() : labels;
            dryRun = dryRun == null ? DryRun.NONE : dryRun;
        }

        public static Options of(String name, Map<String, Object> values) {
            return new Options(name, values, Map.of(), null, false, DryRun.NONE, false, null, false, false, false);
        }
    }

    private final ReleaseContext ctx;

    public Install(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    public Release run(Options o) {
        return run(o, null);
    }

    /** With a stale pending newest revision found by `upgrade --install`: taken over, then replaced. */
    Release run(Options o, PendingTakeover takeover) {
        var check = new Preflight(ctx);
        String nameProblem = ReleaseNames.problem(o.name());
        if (nameProblem != null) {
            // Report the values' problems too, but touch nothing in the cluster with a bad name.
            check.problem("release name check failed: " + nameProblem);
            check.render(o.name(), 1, true, o.values());
            check.throwIfAny();
        }
        try {
            ReleaseLabels.checkUserLabels(o.labels());
        } catch (ReleaseException e) {
            check.problem(e.getMessage());
        }
        List<StoredRelease> history = o.dryRun().active() ? List.of() : ctx.store().history(o.name());
        StoredRelease last = history.isEmpty() ? null : history.get(history.size() - 1);
        // Helm replaces uninstalled and failed releases; pool also one whose uninstall stopped half-way.
        boolean replaceable = last != null && (takeover != null || last.status() == ReleaseStatus.UNINSTALLED
                || last.status() == ReleaseStatus.FAILED || last.status() == ReleaseStatus.UNINSTALLING);
        if (last != null && !(o.replace() && replaceable)) {
            check.problem("release name check failed: cannot reuse a name that is still in use (release \"" + o.name()
                    + "\" is at revision " + last.version() + ", " + last.status() + "); upgrade it with `pool upgrade "
                    + o.name() + "`, or uninstall it first");
        }
        int revision = last == null ? 1 : last.version() + 1;
        var rendered = check.render(o.name(), revision, true, o.values());
        check.warnings().forEach(ctx.progress());
        if (rendered == null) {
            check.throwIfAny();
        }
        if (o.dryRun() != DryRun.CLIENT) {
            check.checkCluster(rendered, o.createNamespace());
            check.checkOwnership(o.name(), rendered, List.of(), o.takeOwnership());
        }
        var now = ctx.now();
        var pending = new Release(o.name(), ctx.namespace(), revision,
                new Release.Info(now, now, null, "Initial install underway", ReleaseStatus.PENDING_INSTALL,
                        ReleaseNotes.render(o.name(), ctx.namespace(), rendered.values())),
                ctx.chart().record(), GoJson.sortedMap(o.values()), rendered.manifest(), null, Release.APPLY_SSA, o.labels());
        check.checkSize(pending);
        check.throwIfAny();

        if (o.dryRun().active()) {
            return pending.withStatus(ReleaseStatus.PENDING_INSTALL, "Dry run complete");
        }
        if (o.createNamespace()) {
            ctx.applier().ensureNamespace(ctx.namespace());
        }
        if (takeover != null) {
            last = takeover.apply(ctx);
        }
        if (last != null && last.status() != ReleaseStatus.FAILED) {
            ctx.store().update(last, last.release().withStatus(ReleaseStatus.SUPERSEDED, "superseded by new release"), null);
        }
        Duration lockTime = o.waitTimeout() == null ? Duration.ZERO : o.waitTimeout();
        PendingRevision held;
        try {
            held = PendingRevision.create(ctx, pending, lockTime);
        } catch (RecordConflictException e) {
            throw new ReleaseException("INSTALLATION FAILED: another operation created revision " + revision + " of \"" + o.name()
                    + "\" at the same time; this install applied nothing. Check `pool history " + o.name() + "`", e);
        }
        try (held) {
            try {
                new ObjectSync(ctx, o.name()).applyAll(rendered.objects(), o.forceConflicts(), true, check.existing());
                if (o.waitTimeout() != null) {
                    new ReadinessWaiter(ctx).await(rendered.objects(), o.waitTimeout());
                }
            } catch (RuntimeException e) {
                held.finish(pending.withStatus(ReleaseStatus.FAILED, "Release \"" + o.name() + "\" failed: " + e.getMessage()));
                if (o.rollbackOnFailure()) {
                    new Uninstall(ctx).run(new Uninstall.Options(o.name(), false, "background", null, null));
                    throw new ReleaseException("release " + o.name() + " failed, and has been uninstalled due to rollback-on-failure being set: "
                            + e.getMessage(), e);
                }
                throw new ReleaseException("INSTALLATION FAILED: " + e.getMessage(), e);
            }
            String description = o.description() == null || o.description().isEmpty() ? "Install complete" : o.description();
            return held.finish(pending.withStatus(ReleaseStatus.DEPLOYED, description)).release();
        }
    }
}
