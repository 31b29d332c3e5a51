package commands;

import picocli.CommandLine;

/** Turns exceptions from a command into `Error: <message>` on stderr and an exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof UserError userError) {
            err.println("Error: " + userError.getMessage());
            err.flush();
            return userError.exitCode();
        }
        err.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (System.getenv("POOL_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
