package commands;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import release.Diff;

@Command(name = "rollback", addMethodSubcommands = false, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what `pool rollback NAME REVISION` would change (REVISION default: the one before the newest).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no changes, or changes without --detailed-exitcode", "1:failed", "2:changes with --detailed-exitcode, or bad usage"})
final class DiffRollbackCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REVISION")
    String revision;

    @Mixin
    DiffOptions diff = new DiffOptions();

    private int targetRevision;

    @Override
    void prepare() {
        targetRevision = RevisionArgument.parse(spec.commandLine(), revision);
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
        var changes = new Diff(session.context()).rollback(name, targetRevision);
        boolean changed = new DiffPrinter(out, diff.colours(), diff.context).print(changes, "rollback");
        return changed && diff.detailedExitcode ? 2 : 0;
    }
}
