package values;

/**
 * A value flag or values file was wrong. The message is Helm's text for the same mistake (for
 * example {@code failed parsing --set data: key "a" has no value}), followed by a hint on how to
 * fix it where one helps.
 *
 * <p>{@link #usageError()} tells the command which exit code to use: true for malformed
 * {@code --set*} syntax (bad usage, exit 2), false for a file or URL that cannot be read or does
 * not hold valid YAML (exit 1).
 */
public class ValuesException extends RuntimeException {
    private final boolean usageError;

    public ValuesException(String message, boolean usageError) {
        super(message);
        this.usageError = usageError;
    }

    public ValuesException(String message, boolean usageError, Throwable cause) {
        super(message, cause);
        this.usageError = usageError;
    }

    /** True for malformed {@code --set*} syntax (exit code 2), false for unreadable or invalid files (exit code 1). */
    public boolean usageError() {
        return usageError;
    }
}
