package commands;

import commands.progress.WaitDisplay;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import release.Install;
import release.Release;

@Command(name = "install", addMethodSubcommands = false, sortOptions = false,
        description = "Install the inference pool chart as release NAME and record it in Helm's format.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:installed", "1:failed (nothing written when a check failed)", "2:bad usage"})
final class InstallCommand extends ChartApplyCommand {
    @Option(names = "--replace", description = "Reuse the name of an uninstalled or failed release.")
    boolean replace;

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        var cmd = spec.commandLine();
        var options = Install.Options.builder(name).values(userValues).labels(apply.labels).description(apply.description)
                .replace(replace).dryRun(apply.dryRun(cmd)).createNamespace(apply.createNamespace).waitTimeout(apply.waitTimeout(cmd))
                .forceConflicts(apply.forceConflicts).takeOwnership(apply.takeOwnership).rollbackOnFailure(apply.rollbackOnFailure)
                .build();
        try (var display = WaitDisplay.forCommand(err, output.format() != OutputOptions.Format.TABLE, options.waitTimeout() != null)) {
            Release r = new Install(apply.context(session).withProgress(display)).run(options);
            printResult(out, r, options.dryRun());
        }
        return 0;
    }
}
