package commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `pool diff upgrade|rollback`: what a change would do to the live objects, without making it. */
@Command(name = "diff", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Show what an upgrade or a rollback would change in the cluster (server-side dry run against the live objects).",
        subcommands = {DiffUpgradeCommand.class, DiffRollbackCommand.class})
final class DiffCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: upgrade or rollback");
    }
}
