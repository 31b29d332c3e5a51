package release;

/** A release operation failed for a reason the user can read and act on (printed as one line). */
public class ReleaseException extends RuntimeException {
    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
