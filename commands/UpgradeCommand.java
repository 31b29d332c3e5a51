package commands;

import commands.progress.WaitDisplay;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import release.Release;
import release.Upgrade;
import release.ValuesReuse;

@Command(name = "upgrade", addMethodSubcommands = false, sortOptions = false,
        description = "Upgrade release NAME to new values; with --install, install or repair it when it has no deployed revision.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:upgraded", "1:failed (nothing written when a check failed)", "2:bad usage"})
final class UpgradeCommand extends ChartApplyCommand {
    @Option(names = {"-i", "--install"},
            description = "Install when the release does not exist, and repair one that is failed, uninstalled or stuck pending.")
    boolean install;

    @Option(names = "--reuse-values", description = "Merge the new values over the previous revision's values.")
    boolean reuseValues;

    @Option(names = "--reset-values", description = "Use only the new values.")
    boolean resetValues;

    @Option(names = "--reset-then-reuse-values", description = "Like --reuse-values (pool always uses its current chart defaults).")
    boolean resetThenReuseValues;

    @Option(names = "--history-max", paramLabel = "N",
            description = "Revisions to keep, 0 for no limit (default: $HELM_MAX_HISTORY, else 10).")
    Integer historyMax;

    @Option(names = "--cleanup-on-fail", description = "Delete the objects this upgrade created when it fails.")
    boolean cleanupOnFail;

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        var cmd = spec.commandLine();
        ValuesReuse reuse = resetValues ? ValuesReuse.RESET
                : reuseValues ? ValuesReuse.REUSE
                : resetThenReuseValues ? ValuesReuse.RESET_THEN_REUSE
                : ValuesReuse.DEFAULT;
        var options = Upgrade.Options.builder(name).values(userValues).valuesGiven(!values.isEmpty()).reuse(reuse)
                .labels(apply.labels).description(apply.description).dryRun(apply.dryRun(cmd)).waitTimeout(apply.waitTimeout(cmd))
                .forceConflicts(apply.forceConflicts).takeOwnership(apply.takeOwnership).install(install)
                .createNamespace(apply.createNamespace).historyMax(historyMax()).cleanupOnFail(cleanupOnFail)
                .rollbackOnFailure(apply.rollbackOnFailure).build();
        try (var display = WaitDisplay.forCommand(err, output.format() != OutputOptions.Format.TABLE, options.waitTimeout() != null)) {
            var upgrade = new Upgrade(apply.context(session).withProgress(display));
            Release r = upgrade.run(options);
            if (output.format() == OutputOptions.Format.TABLE && !upgrade.installed() && !options.dryRun().active()) {
                out.println("Release \"" + name + "\" has been upgraded. Happy Helming!");
            }
            printResult(out, r, options.dryRun());
        }
        return 0;
    }

    private int historyMax() {
        if (historyMax != null) {
            return historyMax;
        }
        String env = System.getenv("HELM_MAX_HISTORY");
        try {
            return env == null || env.isBlank() ? 10 : Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw new UserError("HELM_MAX_HISTORY=" + env + " is not a number; set it to an integer (0 for no limit)", 2);
        }
    }
}
