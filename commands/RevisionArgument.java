package commands;

import picocli.CommandLine;

/** The optional REVISION of `rollback` and `diff rollback`: 0 (the one before the newest) when absent. */
final class RevisionArgument {
    private RevisionArgument() {}

    static int parse(CommandLine commandLine, String revision) {
        try {
            return revision == null ? 0 : Integer.parseInt(revision);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(commandLine,
                    "could not convert revision to a number: \"" + revision + "\" is not an integer");
        }
    }
}
