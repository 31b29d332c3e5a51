package commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root `pool` command: holds the subcommands, prints help when called alone. */
@Command(name = "pool",
        mixinStandardHelpOptions = true,
        versionProvider = PoolVersion.class,
        description = "Deploys and runs an LLM inference pool (Gateway API Inference Extension) on Kubernetes.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TemplateCommand.class,
                SandboxCommand.class,
                InstallCommand.class,
                UpgradeCommand.class,
                UninstallCommand.class,
                RollbackCommand.class,
                StatusCommand.class,
                HistoryCommand.class,
                ListCommand.class,
                GetCommand.class,
                PortForwardJaegerCommand.class,
        })
public final class PoolCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PoolCommand())
                .setExecutionExceptionHandler(new ErrorHandler());
    }
}
