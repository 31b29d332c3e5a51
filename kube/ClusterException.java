package kube;

/** A cluster call failed; the message is one line saying what was attempted, what failed and what to check. */
public class ClusterException extends RuntimeException {
    /** What went wrong, for callers that react differently (add the server's URL, retry, ...). */
    public enum Kind {
        /** The kubeconfig is missing, or lacks the context asked for. */
        CONFIGURATION,
        /** No connection: refused, unknown host, no route, timed out. */
        UNREACHABLE,
        /** The TLS handshake failed (an untrusted, expired or mismatched certificate, or no TLS at all). */
        TLS,
        /** Something answered that is not a Kubernetes API server. */
        NOT_KUBERNETES,
        /** The API server (or what stands in for it) refused the request. */
        REFUSED
    }

    private final Kind kind;

    /** A refusal by the cluster. */
    public ClusterException(String message, Throwable cause) {
        this(Kind.REFUSED, message, cause);
    }

    public ClusterException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
