package commands;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.PoolInspector;
import release.Queries;
import release.Release;

@Command(name = "status", addMethodSubcommands = false, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a release: its newest revision and the live state of its inference pool.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:not found or the cluster failed", "2:bad usage"})
final class StatusCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--revision", defaultValue = "0", paramLabel = "N", description = "Show this revision (default: the newest).")
    int revision;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        Release r = new Queries(session.context().store()).revision(name, revision);
        var pool = new PoolInspector(session.context()).inspect(r);
        if (output.format() == OutputOptions.Format.TABLE) {
            ReleasePrinter.statusBlock(out, r, pool, null, true);
        } else {
            var tree = new LinkedHashMap<>(ReleasePrinter.releaseTree(r, false));
            tree.put("pool", pool.toMap());
            ReleasePrinter.data(out, output.format(), tree);
        }
        return 0;
    }
}
