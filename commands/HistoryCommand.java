package commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.GoTime;
import release.Queries;
import release.Release;

@Command(name = "history", addMethodSubcommands = false, mixinStandardHelpOptions = true, aliases = "hist", sortOptions = false,
        description = "List the revisions of a release, oldest first.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:not found or the cluster failed", "2:bad usage"})
final class HistoryCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--max", defaultValue = "256", paramLabel = "N", description = "Show at most the newest N revisions (default: ${DEFAULT-VALUE}).")
    int max;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        List<Release> revisions = new Queries(session.context().store()).history(name, max);
        if (output.format() == OutputOptions.Format.TABLE) {
            var rows = new ArrayList<List<String>>();
            for (Release r : revisions) {
                rows.add(List.of(Integer.toString(r.version()), GoTime.ansic(r.info().lastDeployed()), r.status().text(),
                        r.chartLabel(), r.appVersion(), r.info().description()));
            }
            ReleasePrinter.table(out, List.of("REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"), rows);
        } else {
            var items = new ArrayList<Map<String, Object>>();
            for (Release r : revisions) {
                var item = new LinkedHashMap<String, Object>();
                item.put("revision", r.version());
                if (r.info().lastDeployed() != null) {
                    item.put("updated", GoTime.rfc3339(r.info().lastDeployed()));
                }
                item.put("status", r.status().text());
                item.put("chart", r.chartLabel());
                item.put("app_version", r.appVersion());
                item.put("description", r.info().description());
                items.add(item);
            }
            ReleasePrinter.data(out, output.format(), items);
        }
        return 0;
    }
}
