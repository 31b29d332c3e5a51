package epp.image;

/** A build step failed for a reason the user can act on: its message says what and how to fix it (exit 1). */
final class ImageBuildException extends RuntimeException {
    ImageBuildException(String message) {
        super(message);
    }

    ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
