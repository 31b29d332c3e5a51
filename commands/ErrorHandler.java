package commands;

import picocli.CommandLine;
import values.ValuesException;

/**
 * Turns exceptions from a command into `Error: <message>` on stderr and an exit code:
 * 1 for failures and bad values, 2 for bad usage (malformed --set and friends).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        int exitCode = 1;
        if (e instanceof UserError userError) {
            err.println("Error: " + userError.getMessage());
            exitCode = userError.exitCode();
        } else if (e instanceof ValuesException valuesError) {
            err.println("Error: " + valuesError.getMessage());
            exitCode = valuesError.usageError() ? 2 : 1;
        } else {
            err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("POOL_DEBUG") != null) {
                e.printStackTrace(err);
            }
        }
        err.flush();
        return exitCode;
    }
}
