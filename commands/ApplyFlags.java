package commands;

import common.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import release.DryRun;

/** Flags install and upgrade share (release.md §3.2): waiting, dry runs, labels, conflicts, ownership. */
public final class ApplyFlags {
    @Option(names = "--wait", arity = "0..1", fallbackValue = "watcher", paramLabel = "STRATEGY",
            description = "Wait until the release's workloads are ready, printing progress (watcher or legacy; hookOnly: do not wait).")
    String wait;

    @Option(names = "--timeout", converter = GoDuration.Converter.class, defaultValue = "5m0s", paramLabel = "DURATION",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"--rollback-on-failure", "--atomic"},
            description = "On failure, undo: uninstall a failed install, roll back a failed upgrade (implies --wait).")
    boolean rollbackOnFailure;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "MODE",
            description = "Render and check without changing anything: client (no cluster access), server (checks the cluster) or none.")
    String dryRun;

    @Option(names = "--description", description = "Custom description of the new revision.")
    String description;

    @Option(names = {"-l", "--labels"}, split = ",", paramLabel = "KEY=VALUE",
            description = "Labels on the release record (not on the objects); on upgrade merged with the previous ones, KEY=null removes one.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--force-conflicts", description = "Take over fields another field manager owns (server-side apply force).")
    boolean forceConflicts;

    @Option(names = "--take-ownership", description = "Adopt existing objects that do not carry this release's Helm ownership markers.")
    boolean takeOwnership;

    @Option(names = "--create-namespace", description = "Create the release namespace if it does not exist.")
    boolean createNamespace;

    @Option(names = "--strict", description = "Unknown or misspelled value keys are errors instead of warnings.")
    boolean strict;

    @Option(names = "--hide-notes", description = "Do not print the NOTES after install or upgrade.")
    boolean hideNotes;

    /** The session's context, with the strict chart when --strict is given. */
    release.ReleaseContext context(ReleaseSession session) {
        var ctx = session.context();
        return strict ? ctx.withChart(ctx.chart().strict()) : ctx;
    }

    /** Null when not waiting. */
    Duration waitTimeout(CommandLine cmd) {
        String strategy = wait == null ? (rollbackOnFailure ? "watcher" : "hookOnly") : wait;
        return switch (strategy) {
            case "watcher", "legacy", "true" -> timeout;
            case "hookOnly", "false" -> null;
            default -> throw new CommandLine.ParameterException(cmd,
                    "invalid wait input \"" + wait + "\". Valid inputs are watcher, hookOnly, and legacy");
        };
    }

    DryRun dryRun(CommandLine cmd) {
        if (dryRun == null) {
            return DryRun.NONE;
        }
        return switch (dryRun) {
            case "none", "false" -> DryRun.NONE;
            case "client", "true" -> DryRun.CLIENT;
            case "server" -> DryRun.SERVER;
            default -> throw new CommandLine.ParameterException(cmd,
                    "invalid dry-run value (\"" + dryRun + "\"). Must be \"none\", \"server\", or \"client\"");
        };
    }
}
