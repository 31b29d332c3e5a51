package commands;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.Diff;
import release.ValuesReuse;

@Command(name = "upgrade", addMethodSubcommands = false, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what `pool upgrade NAME` with these values would change: each object as a server-side dry-run apply "
                + "makes it, against the live one.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no changes, or changes without --detailed-exitcode", "1:failed", "2:changes with --detailed-exitcode, or bad usage"})
final class DiffUpgradeCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHART", description = "Optional, accepted out of Helm habit when it names the inferencepool chart.")
    String chart;

    @Option(names = "--reuse-values", description = "Merge the new values over the current revision's values.")
    boolean reuseValues;

    @Option(names = "--reset-values", description = "Use only the new values.")
    boolean resetValues;

    @Option(names = "--reset-then-reuse-values", description = "Like --reuse-values (pool always uses its current chart defaults).")
    boolean resetThenReuseValues;

    @Mixin
    ChartLocation chartLocation = new ChartLocation();

    @Mixin
    ValuesOptions values = new ValuesOptions();

    @Mixin
    DiffOptions diff = new DiffOptions();

    private Map<String, Object> userValues;

    @Override
    void prepare() {
        chartLocation.check(chart, spec.commandLine().getErr());
        userValues = values.userValues();
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        ValuesReuse reuse = resetValues ? ValuesReuse.RESET
                : reuseValues ? ValuesReuse.REUSE
                : resetThenReuseValues ? ValuesReuse.RESET_THEN_REUSE
                : ValuesReuse.DEFAULT;
        var changes = new Diff(session.context()).upgrade(new Diff.UpgradeOptions(name, userValues, !values.isEmpty(), reuse));
        boolean changed = new DiffPrinter(out, diff.colours(), diff.context).print(changes, "upgrade");
        return changed && diff.detailedExitcode ? 2 : 0;
    }
}
