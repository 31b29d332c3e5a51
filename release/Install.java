package release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import values.Json;

/** `install`: creates revision 1 (or last+1 with --replace), applies the chart's objects, records the outcome. */
public final class Install {
    /**
     * Built with {@link #builder(String)}.
     *
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
            return builder(name).values(values).build();
        }

        public static Builder builder(String name) {
            return new Builder(name);
        }
    }

    /** Install's options by name; every one not set keeps Helm's default. */
    public static final class Builder {
        private final String name;
        private Map<String, Object> values = Map.of();
        private Map<String, String> labels = Map.of();
        private String description;
        private boolean replace;
        private DryRun dryRun = DryRun.NONE;
        private boolean createNamespace;
        private Duration waitTimeout;
        private boolean forceConflicts;
        private boolean takeOwnership;
        private boolean rollbackOnFailure;

        private Builder(String name) {
            this.name = name;
        }

        public Builder values(Map<String, Object> values) {
            this.values = values;
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

        /** Reuse the name of an uninstalled or failed release. */
        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        public Builder dryRun(DryRun dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder createNamespace(boolean createNamespace) {
            this.createNamespace = createNamespace;
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

        /** `--rollback-on-failure`/`--atomic`: uninstall a failed install. */
        public Builder rollbackOnFailure(boolean rollbackOnFailure) {
            this.rollbackOnFailure = rollbackOnFailure;
            return this;
        }

        public Options build() {
            return new Options(name, values, labels, description, replace, dryRun, createNamespace, waitTimeout, forceConflicts,
                    takeOwnership, rollbackOnFailure);
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
            check.nameProblem("release name check failed: " + nameProblem);
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
                    + "\" is at revision " + last.version() + ", " + last.status() + "); " + nextStep(o.name(), history, last));
        }
        int revision = last == null ? 1 : last.version() + 1;
        var rendered = check.render(o.name(), revision, true, o.values());
        check.warnings().forEach(w -> ctx.progress().accept(Warning.line(w)));
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
                ctx.chart().record(), Json.sortedMap(o.values()), rendered.manifest(), null, Release.APPLY_SSA, o.labels());
        check.checkSize(pending);
        if (o.dryRun() != DryRun.CLIENT) {
            check.serverDryRun(o.name(), rendered.objects(), o.forceConflicts(), o.dryRun() == DryRun.SERVER);
        }
        check.throwIfAny();

        if (o.dryRun().active()) {
            return pending.withStatus(ReleaseStatus.PENDING_INSTALL, "Dry run complete");
        }
        if (o.createNamespace()) {
            ctx.cluster().ensureNamespace(ctx.namespace());
        }
        if (takeover != null) {
            last = takeover.apply(ctx);
        }
        if (last != null && last.status() != ReleaseStatus.FAILED) {
            ctx.store().update(last, last.release().withStatus(ReleaseStatus.SUPERSEDED, "superseded by new release"), null);
        }
        var rollout = RevisionRollout.start(ctx, pending, o.waitTimeout(), "INSTALLATION FAILED: another operation created revision "
                + revision + " of \"" + o.name() + "\" at the same time; this install applied nothing. Check `pool history " + o.name() + "`");
        var target = new RevisionRollout.Target(rendered.objects(), List.of(), true, check.existing(), o.forceConflicts(), o.waitTimeout());
        return rollout.run(target, () -> {}, new RevisionRollout.OnFailure() {
            @Override
            public String description(RevisionRollout.Failure failure) {
                return "Release \"" + o.name() + "\" failed: " + failure.reason();
            }

            @Override
            public ReleaseException recover(RevisionRollout.Failure failure) {
                return o.rollbackOnFailure() ? uninstallFailed(o.name(), failure)
                        : new ReleaseException("INSTALLATION FAILED: " + failure.reason(), failure.cause());
            }
        }, () -> {}, RevisionRollout.description(o.description(), "Install complete"));
    }

    /**
     * The one command that works on a release whose name is taken, the first time: `upgrade` when
     * there is a revision to upgrade from, else `upgrade --install` (which replaces a failed,
     * uninstalled or abandoned install); for a pending revision whose holder is still working, wait.
     */
    private String nextStep(String name, List<StoredRelease> history, StoredRelease last) {
        boolean stale = false;
        if (last.status().isPending()) {
            try {
                stale = PendingTakeover.check(ctx, last) != null;
            } catch (ReleaseException stillHeld) {
                return stillHeld.getMessage();
            }
        }
        return Upgrade.current(history, last, stale) != null
                ? "upgrade it with `pool upgrade " + name + "` and your values flags"
                : "install it again with `pool upgrade --install " + name + "` and your values flags (or uninstall it first)";
    }

    /** `--rollback-on-failure`: uninstall what the failed install left, saying so even when that fails too. */
    private ReleaseException uninstallFailed(String name, RevisionRollout.Failure failure) {
        try {
            new Uninstall(ctx).run(Uninstall.Options.of(name));
        } catch (RuntimeException uninstallError) {
            return new ReleaseException("release " + name + " failed: " + failure.reason() + "; the uninstall that rollback-on-failure "
                    + "ran failed too: " + uninstallError.getMessage() + ". " + RevisionRollout.stateOf(ctx, name)
                    + " Remove what is left with `pool uninstall " + name + "`, then install again", failure.cause());
        }
        return new ReleaseException("release " + name + " failed, and has been uninstalled due to rollback-on-failure being set: "
                + failure.reason(), failure.cause());
    }
}
