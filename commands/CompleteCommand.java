package commands;

import commands.completion.Completer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `pool __complete -- WORD...`: the completion scripts' call back (hidden; Cobra's name and answer format; `--` keeps flags among the words from being parsed). */
@Command(name = "__complete", addMethodSubcommands = false, hidden = true, description = "Completion candidates for the words after `pool` (used by the completion scripts).")
final class CompleteCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "WORD")
    List<String> words = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(new Completer(PoolCommand.commandLine()).complete(words).text());
        out.flush();
        return 0;
    }
}
