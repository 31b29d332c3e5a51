package commands;

import commands.progress.WaitDisplay;
import common.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.DryRun;
import release.Rollback;

@Command(name = "rollback", addMethodSubcommands = false, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Roll release NAME back to REVISION (default: the one before the newest) as a new revision.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rolled back", "1:failed", "2:bad usage"})
final class RollbackCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REVISION")
    String revision;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "watcher", paramLabel = "STRATEGY")
    String wait;

    @Option(names = "--timeout", converter = GoDuration.Converter.class, defaultValue = "5m0s", paramLabel = "DURATION")
    Duration timeout;

    @Option(names = "--force-conflicts")
    boolean forceConflicts;

    @Option(names = "--history-max", defaultValue = "10", paramLabel = "N")
    int historyMax;

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "MODE")
    String dryRun;

    private int targetRevision;

    @Override
    void prepare() {
        targetRevision = RevisionArgument.parse(spec.commandLine(), revision);
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        Duration waitFor = wait == null || wait.equals("hookOnly") || wait.equals("false") ? null : timeout;
        DryRun mode = dryRun == null || dryRun.equals("none") ? DryRun.NONE : dryRun.equals("server") ? DryRun.SERVER : DryRun.CLIENT;
        try (var display = WaitDisplay.forCommand(err, false, waitFor != null)) {
            new Rollback(session.context().withProgress(display)).run(Rollback.Options.builder(name, targetRevision).waitTimeout(waitFor)
                    .forceConflicts(forceConflicts).historyMax(historyMax).dryRun(mode).build());
        }
        out.println("Rollback was a success! Happy Helming!");
        return 0;
    }
}
