package commands;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import release.DryRun;
import release.Install;
import release.Release;

@Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Install the inference pool chart as release NAME and record it in Helm's format.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:installed", "1:failed (nothing written when a check failed)", "2:bad usage"})
final class InstallCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Release name (lower-case DNS name, at most 53 characters).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHART", description = "Optional, accepted out of Helm habit when it names the inferencepool chart.")
    String chart;

    @picocli.CommandLine.Option(names = "--replace", description = "Reuse the name of an uninstalled or failed release.")
    boolean replace;

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
        var options = new Install.Options(name, userValues, apply.labels, apply.description, replace, apply.dryRun(cmd),
                apply.createNamespace, apply.waitTimeout(cmd), apply.forceConflicts, apply.takeOwnership, apply.rollbackOnFailure);
        Release r = new Install(apply.context(session)).run(options);
        printResult(session, out, output.format(), r, options.dryRun(), apply.hideNotes);
        return 0;
    }

    static void printResult(ReleaseSession session, PrintWriter out, OutputOptions.Format format, Release r, DryRun dryRun, boolean hideNotes) {
        if (format != OutputOptions.Format.TABLE) {
            ReleasePrinter.data(out, format, ReleasePrinter.releaseTree(r, true));
            return;
        }
        ReleasePrinter.statusBlock(out, r, null, dryRun.active() ? r.manifest() : null, !hideNotes);
    }
}
