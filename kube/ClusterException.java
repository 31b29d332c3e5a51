package kube;

/** A cluster call failed; the message is one line saying what was attempted, what failed and what to check. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
