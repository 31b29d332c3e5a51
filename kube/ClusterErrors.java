package kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns fabric8 exceptions into one-line messages: "cluster unreachable" instead of a stack trace. */
public final class ClusterErrors {
    private ClusterErrors() {}

    public static ClusterException describe(String action, KubernetesClientException e) {
        Throwable root = rootCause(e);
        if (isUnreachable(root)) {
            return new ClusterException("cluster unreachable: cannot " + action + " ("
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()))
                    + "); check --kubeconfig, --kube-context and that the API server is running", e);
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : firstLine(e.getMessage());
        String hint = switch (e.getCode()) {
            case 401 -> "; the credentials in the kubeconfig were rejected";
            case 403 -> "; the kubeconfig's user lacks RBAC permission for this";
            default -> "";
        };
        return new ClusterException("cannot " + action + ": " + status + hint, e);
    }

    public static boolean isUnreachable(Throwable root) {
        return root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof NoRouteToHostException || root instanceof InterruptedIOException
                || root instanceof TimeoutException || root instanceof SSLException;
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
