package commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import release.GoTime;
import release.Queries;
import release.Release;
import release.ReleaseStatus;

@Command(name = "list", addMethodSubcommands = false, mixinStandardHelpOptions = true, aliases = "ls", sortOptions = false,
        description = "List releases (every state by default; pending and failed ones are flagged on stderr).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when empty)", "1:the cluster failed", "2:bad usage"})
final class ListCommand extends ReleaseCommand {
    @Option(names = {"-A", "--all-namespaces"}, description = "List releases of every namespace.")
    boolean allNamespaces;

    @Option(names = {"-f", "--filter"}, paramLabel = "REGEX", description = "Only names matching this regular expression.")
    String filter;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector over the records' labels (k=v,k2=v2).")
    String selector;

    @Option(names = {"-q", "--short"}, description = "Print names only.")
    boolean quiet;

    @Option(names = {"-d", "--date"}, description = "Sort by last deployment, oldest first.")
    boolean byDate;

    @Option(names = {"-r", "--reverse"}, description = "Reverse the order.")
    boolean reverse;

    @Option(names = {"-m", "--max"}, defaultValue = "256", paramLabel = "N")
    int max;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "N")
    int offset;

    @Option(names = "--deployed") boolean deployed;
    @Option(names = "--failed") boolean failed;
    @Option(names = "--pending") boolean pending;
    @Option(names = "--uninstalled") boolean uninstalled;
    @Option(names = "--superseded") boolean superseded;
    @Option(names = "--uninstalling") boolean uninstalling;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        var states = EnumSet.noneOf(ReleaseStatus.class);
        if (deployed) states.add(ReleaseStatus.DEPLOYED);
        if (failed) states.add(ReleaseStatus.FAILED);
        if (pending) states.addAll(List.of(ReleaseStatus.PENDING_INSTALL, ReleaseStatus.PENDING_UPGRADE, ReleaseStatus.PENDING_ROLLBACK));
        if (uninstalled) states.add(ReleaseStatus.UNINSTALLED);
        if (superseded) states.add(ReleaseStatus.SUPERSEDED);
        if (uninstalling) states.add(ReleaseStatus.UNINSTALLING);
        var releases = new Queries(session.context().store()).list(
                new Queries.ListOptions(allNamespaces, filter, states, selector, byDate, reverse, max, offset));
        if (quiet) {
            releases.forEach(r -> out.println(r.name()));
            return 0;
        }
        if (output.format() != OutputOptions.Format.TABLE) {
            var items = new ArrayList<Map<String, Object>>();
            for (Release r : releases) {
                var item = new LinkedHashMap<String, Object>();
                item.put("name", r.name());
                item.put("namespace", r.namespace());
                item.put("revision", Integer.toString(r.version()));
                item.put("updated", GoTime.goString(r.info().lastDeployed()));
                item.put("status", r.status().text());
                item.put("chart", r.chartLabel());
                item.put("app_version", r.appVersion());
                items.add(item);
            }
            ReleasePrinter.data(out, output.format(), items);
            return 0;
        }
        var rows = new ArrayList<List<String>>();
        for (Release r : releases) {
            rows.add(List.of(r.name(), r.namespace(), Integer.toString(r.version()), GoTime.goString(r.info().lastDeployed()),
                    r.status().text(), r.chartLabel(), r.appVersion()));
            if (r.status().isPending() || r.status() == ReleaseStatus.FAILED) {
                err.println("note: release " + r.name() + " is " + r.status() + ": see `pool history " + r.name() + " -n " + r.namespace() + "`");
            }
        }
        ReleasePrinter.table(out, List.of("NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"), rows);
        return 0;
    }
}
