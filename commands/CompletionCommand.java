package commands;

import commands.completion.ShellScripts;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `pool completion bash|zsh|fish` (Helm's command): prints the shell's completion script. */
@Command(name = "completion", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = {"Print the completion script of a shell (bash, zsh or fish).",
                "bash: source <(pool completion bash)   zsh: source <(pool completion zsh)   fish: pool completion fish | source",
                "The script asks pool itself (pool __complete) for subcommands, flags, release names, namespaces, kube contexts "
                        + "and --set value paths."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:bad usage (no or unknown shell)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String script = ShellScripts.forShell(shell);
        if (script == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unsupported shell \"" + shell + "\": use bash, zsh or fish");
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
