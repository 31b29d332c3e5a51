package commands;

import picocli.CommandLine.Option;

/** Flags both `diff` subcommands take (the helm-diff plugin's names). */
final class DiffOptions {
    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes (0: none, 1: failure).")
    boolean detailedExitcode;

    @Option(names = {"-C", "--context"}, defaultValue = "3", paramLabel = "LINES",
            description = "Unchanged lines shown around each change (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--color", description = "Colour the diff even when stdout is not a terminal.")
    boolean color;

    @Option(names = "--no-color", description = "Never colour the diff (also when NO_COLOR is set).")
    boolean noColor;

    /** Colours on a terminal unless NO_COLOR or --no-color; --color forces them. */
    boolean colours() {
        if (noColor) {
            return false;
        }
        if (color) {
            return true;
        }
        String env = System.getenv("NO_COLOR");
        return (env == null || env.isEmpty()) && System.console() != null;
    }
}
