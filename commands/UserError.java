package commands;

/**
 * A failure the user can fix: printed as one line on stderr (no stack trace) with exit code 1.
 * The message says what was wrong, the value, and how to fix it.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, 1);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
