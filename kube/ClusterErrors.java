package kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns fabric8 exceptions into one-line messages that name the cause, classified by the
 * exception types in the cause chain: cluster unreachable, the TLS handshake's x509 reason, a
 * server that is not a Kubernetes API, or the API server's own answer.
 */
public final class ClusterErrors {
    private final String server;

    /** @param server the API server's URL, named in messages */
    public ClusterErrors(String server) {
        this.server = server;
    }

    public static ClusterErrors of(KubernetesClient client) {
        return new ClusterErrors(client.getConfiguration().getMasterUrl().replaceAll("/+$", ""));
    }

    public ClusterException describe(String action, KubernetesClientException e) {
        Optional<SSLException> tls = find(e, SSLException.class);
        if (tls.isPresent()) {
            return new ClusterException(ClusterException.Kind.TLS, "TLS handshake with the API server at " + server + " failed: "
                    + tlsReason(e, tls.get()) + "; cannot " + action + ". Trust the server's CA with certificate-authority(-data) of the "
                    + "kubeconfig's cluster (insecure-skip-tls-verify: true only for a test cluster)", e);
        }
        Optional<Throwable> unreachable = unreachable(e);
        if (unreachable.isPresent()) {
            Throwable root = unreachable.get();
            return new ClusterException(ClusterException.Kind.UNREACHABLE, "cluster unreachable: cannot " + action + " ("
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()))
                    + "); check --kubeconfig, --kube-context and that the API server is running", e);
        }
        if (notKubernetes(e)) {
            String answer = e.getCode() > 0 ? "HTTP " + e.getCode() + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? " " + firstLine(e.getStatus().getMessage()) : "") : "an answer that is not Kubernetes JSON";
            return new ClusterException(ClusterException.Kind.NOT_KUBERNETES, "the server at " + server
                    + " is not a Kubernetes API server: it answered " + answer + " when pool tried to " + action
                    + "; check the server: URL of the kubeconfig's cluster", e);
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : firstLine(e.getMessage());
        String hint = switch (e.getCode()) {
            case 401 -> "; the credentials in the kubeconfig were rejected";
            case 403 -> "; the kubeconfig's user lacks RBAC permission for this";
            default -> "";
        };
        return new ClusterException(ClusterException.Kind.REFUSED, "cannot " + action + ": " + status + hint, e);
    }

    /** The x509 reason, worded as Go's crypto/x509 (and so kubectl and Helm) words it where there is an equivalent. */
    private static String tlsReason(Throwable e, SSLException tls) {
        if (find(e, CertificateExpiredException.class).isPresent() || find(e, CertificateNotYetValidException.class).isPresent()) {
            return "x509: certificate has expired or is not yet valid";
        }
        if (find(e, CertPathBuilderException.class).isPresent() || find(e, CertPathValidatorException.class).isPresent()) {
            return "x509: certificate signed by unknown authority";
        }
        Optional<CertificateException> certificate = find(e, CertificateException.class);
        if (certificate.isPresent()) {
            return "x509: " + firstLine(certificate.get().getMessage());
        }
        return firstLine(tls.getMessage()) + " (does the server speak TLS?)";
    }

    private static Optional<Throwable> unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof InterruptedIOException || t instanceof TimeoutException) {
                return Optional.of(rootCause(t));
            }
        }
        return Optional.empty();
    }

    /**
     * An error answer without a Kubernetes Status (every API server error is one, with status
     * Failure; fabric8 makes one up from the HTTP status line otherwise), or a body that is not JSON.
     */
    private static boolean notKubernetes(KubernetesClientException e) {
        if (e.getCode() >= 400) {
            return e.getStatus() == null || e.getStatus().getStatus() == null;
        }
        return find(e, JsonProcessingException.class).isPresent();
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 20 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
