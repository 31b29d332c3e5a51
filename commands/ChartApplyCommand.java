package commands;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.DryRun;
import release.Release;

/**
 * Base of install and upgrade, the commands that render the chart and apply it: release NAME, the
 * optional CHART, the apply, values and output flags they share, and how they print the result.
 */
abstract class ChartApplyCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Release name (lower-case DNS name, at most 53 characters).")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHART",
            description = "Optional: the inferencepool chart as Helm users name it, a path or oci:// URL ending in inferencepool (pool renders its built-in chart).")
    String chart;

    @Mixin
    ChartLocation chartLocation = new ChartLocation();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    ApplyFlags apply = new ApplyFlags();

    @Mixin
    ValuesOptions values = new ValuesOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    /** The values given with -f/--set*, parsed before any cluster contact. */
    Map<String, Object> userValues;

    @Override
    void prepare() {
        chartLocation.check(chart, spec.commandLine().getErr());
        userValues = values.userValues();
    }

    /** The new revision as data (-o json|yaml) or as Helm's status block, with the manifest on a dry run. */
    void printResult(PrintWriter out, Release r, DryRun dryRun) {
        if (output.format() != OutputOptions.Format.TABLE) {
            ReleasePrinter.data(out, output.format(), ReleasePrinter.releaseTree(r, true));
            return;
        }
        ReleasePrinter.statusBlock(out, r, null, dryRun.active() ? r.manifest() : null, !apply.hideNotes);
    }
}
