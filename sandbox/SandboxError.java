package sandbox;

/** A problem the user can fix (a busy port, a bad address): one `Error: ...` line on stderr, exit code 1. */
final class SandboxError extends RuntimeException {
    SandboxError(String message) {
        super(message);
    }
}
