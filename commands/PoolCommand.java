package commands;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root `pool` command: holds the subcommands, prints help when called alone.
 *
 * <p>Every pool command says {@code addMethodSubcommands = false}: none has {@code @Command} methods,
 * and picocli would otherwise reflect over each command class's methods looking for them
 * (`pool template` 113.7 -> 110.2 ms, 25 interleaved runs).
 */
@Command(name = "pool", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        versionProvider = PoolVersion.class,
        description = "Deploys and runs an LLM inference pool (Gateway API Inference Extension) on Kubernetes.")
public final class PoolCommand implements Runnable {
    static {
        // picocli's factory otherwise looks for Groovy's Closure class when first used: a lookup that
        // misses opens every jar of the class path (56), which no class-data archive can answer.
        // `pool template` 120 -> 108 ms wall (8 interleaved runs, quiet). Set before picocli is touched.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    /** Every subcommand, in the order `pool --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            DiffCommand.class,
            CompletionCommand.class,
            CompleteCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        // the process's own stderr: the one writer --wait may draw live progress on (commands.progress)
        return commandLineFor(args).setErr(new commands.progress.SystemErr()).execute(args);
    }

    /** The CLI with every subcommand (help, usage errors, tests). */
    public static CommandLine commandLine() {
        return commandLine(ReleaseSession::openCluster);
    }

    /** The CLI whose release commands open their sessions with `opener` (tests: a memory store and a fake cluster). */
    public static CommandLine commandLine(ReleaseSession.Opener opener) {
        return withSubcommands(SUBCOMMANDS, opener);
    }

    /**
     * The CLI for these arguments. When they start with a subcommand's name, only that subcommand is
     * built: picocli reflects over every registered command, its options and mixins up front, which
     * costs more than `pool template` itself.
     */
    static CommandLine commandLineFor(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                // `help COMMAND` needs the others registered to describe them
                if (subcommand != CommandLine.HelpCommand.class && answersTo(subcommand, args[0])) {
                    return withSubcommands(List.of(subcommand), ReleaseSession::openCluster);
                }
            }
        }
        return commandLine();
    }

    /**
     * `-V/--version` of a subcommand prints pool's version too (picocli's standard option would print
     * an empty line); install, upgrade and template take Helm's chart `--version VERSION` instead.
     */
    private static void answerVersionWithPoolsVersion(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().findOption("--version") != null && sub.getCommandSpec().findOption("--version").versionHelp()) {
                sub.getCommandSpec().versionProvider(new PoolVersion());
            }
            answerVersionWithPoolsVersion(sub);
        }
    }

    private static boolean answersTo(Class<?> subcommand, String word) {
        Command command = subcommand.getAnnotation(Command.class);
        return command.name().equals(word) || List.of(command.aliases()).contains(word);
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands, ReleaseSession.Opener opener) {
        CommandLine root = new CommandLine(new PoolCommand(), new CommandFactory(opener));
        for (Class<?> subcommand : subcommands) {
            root.addSubcommand(subcommand);
        }
        answerVersionWithPoolsVersion(root);
        return root.setExecutionExceptionHandler(new ErrorHandler());
    }
}
