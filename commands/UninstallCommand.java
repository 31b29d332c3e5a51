package commands;

import commands.progress.WaitDisplay;
import common.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.NotFoundException;
import release.Uninstall;

@Command(name = "uninstall", addMethodSubcommands = false, mixinStandardHelpOptions = true, aliases = {"un", "del", "delete"}, sortOptions = false,
        description = "Delete the objects of each release NAME, then its records (or keep them as uninstalled).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:uninstalled", "1:failed", "2:bad usage"})
final class UninstallCommand extends ReleaseCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = "--keep-history", description = "Keep the release records, marking the newest uninstalled.")
    boolean keepHistory;

    @Option(names = "--cascade", defaultValue = "background", paramLabel = "POLICY",
            description = "Deletion propagation: background, foreground or orphan (default: ${DEFAULT-VALUE}).")
    String cascade;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "watcher", paramLabel = "STRATEGY",
            description = "Wait until every object is gone.")
    String wait;

    @Option(names = "--timeout", converter = GoDuration.Converter.class, defaultValue = "5m0s", paramLabel = "DURATION")
    Duration timeout;

    @Option(names = "--ignore-not-found", description = "Succeed when a release does not exist.")
    boolean ignoreNotFound;

    @Option(names = "--description")
    String description;

    @Option(names = "--dry-run", description = "Check that each release exists and print what would be said; change nothing.")
    boolean dryRun;

    @Override
    void prepare() {
        if (!List.of("background", "foreground", "orphan").contains(cascade)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid cascade value (" + cascade + "). Must be \"background\", \"foreground\", or \"orphan\"");
        }
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        Duration waitFor = wait == null || wait.equals("hookOnly") || wait.equals("false") ? null : timeout;
        for (String name : names) {
            try {
                if (dryRun) {
                    new release.Queries(session.context().store()).revision(name, 0);
                    out.println("release \"" + name + "\" uninstalled");
                    continue;
                }
                Uninstall.Result result;
                try (var display = WaitDisplay.forCommand(err, false, waitFor != null)) {
                    result = new Uninstall(session.context().withProgress(display))
                            .run(new Uninstall.Options(name, keepHistory, cascade, description, waitFor));
                }
                if (!result.kept().isEmpty()) {
                    out.println("These resources were kept due to the resource policy:");
                    result.kept().forEach(ref -> out.println("[" + ref.kind() + "] " + ref.name()));
                    out.println();
                }
            } catch (NotFoundException e) {
                if (!ignoreNotFound) {
                    throw e;
                }
            }
            out.println("release \"" + name + "\" uninstalled");
        }
        return 0;
    }
}
