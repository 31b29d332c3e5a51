package commands;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.Release;
import release.Upgrade;
import release.ValuesReuse;

@Command(name = "upgrade", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upgrade release NAME to new values; with --install, install or repair it when it has no deployed revision.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:upgraded", "1:failed (nothing written when a check failed)", "2:bad usage"})
final class UpgradeCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHART", description = "Optional, accepted out of Helm habit when it names the inferencepool chart.")
    String chart;

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

    @Mixin
    ApplyFlags apply = new ApplyFlags();

    @Mixin
    ValuesOptions values = new ValuesOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    private Map<String, Object> userValues;

    @Override
    void prepare() {
        ChartArgument.check(spec.commandLine(), chart);
        userValues = values.userValues();
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        var cmd = spec.commandLine();
        ValuesReuse reuse = resetValues ? ValuesReuse.RESET
                : reuseValues ? ValuesReuse.REUSE
                : resetThenReuseValues ? ValuesReuse.RESET_THEN_REUSE
                : ValuesReuse.DEFAULT;
        var options = new Upgrade.Options(name, userValues, !values.isEmpty(), reuse, apply.labels, apply.description,
                apply.dryRun(cmd), apply.waitTimeout(cmd), apply.forceConflicts, apply.takeOwnership, install, apply.createNamespace,
                historyMax(), cleanupOnFail, apply.rollbackOnFailure);
        var upgrade = new Upgrade(apply.context(session));
        Release r = upgrade.run(options);
        if (output.format() == OutputOptions.Format.TABLE && !upgrade.installed() && !options.dryRun().active()) {
            out.println("Release \"" + name + "\" has been upgraded. Happy Helming!");
        }
        InstallCommand.printResult(session, out, output.format(), r, options.dryRun(), apply.hideNotes);
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
