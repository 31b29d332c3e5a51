package kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to reach the cluster, resolved like Helm and kubectl: kubeconfig from
 * `--kubeconfig`, else `KUBECONFIG`, else in-cluster, else `~/.kube/config`; `--kube-context`
 * else the current context; namespace from `-n`, else `HELM_NAMESPACE`, else the context's
 * namespace, else `default`.
 */
public record KubeConnection(String kubeconfig, String context, String namespaceFlag, Duration requestTimeout, Map<String, String> env) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public KubeConnection {
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        env = env == null ? System.getenv() : env;
    }

    /** The fabric8 configuration: server, credentials, namespace and timeouts. */
    public Config config() {
        String path = kubeconfig != null && !kubeconfig.isBlank() ? kubeconfig : null;
        Config config;
        if (path != null) {
            File file = new File(path);
            if (!file.isFile()) {
                throw new ClusterException(ClusterException.Kind.CONFIGURATION, "kubeconfig " + path + " does not exist; pass an existing file with --kubeconfig", null);
            }
            config = Config.fromKubeconfig(context, file);
        } else {
            config = Config.autoConfigure(context);
        }
        if (context != null && !context.isBlank() && !hasContext(config, context)) {
            throw new ClusterException(ClusterException.Kind.CONFIGURATION, "context \"" + context + "\" is not in the kubeconfig; list them with "
                    + "`kubectl config get-contexts`", null);
        }
        config.setNamespace(namespace(config));
        int millis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
        config.setRequestTimeout(millis);
        config.setConnectionTimeout(Math.min(millis, 10_000));
        config.setRequestRetryBackoffLimit(0);
        return config;
    }

    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** The release namespace: `-n`, `HELM_NAMESPACE`, the context's namespace, `default`. */
    public String namespace(Config config) {
        if (namespaceFlag != null && !namespaceFlag.isBlank()) {
            return namespaceFlag;
        }
        String fromEnv = env.get("HELM_NAMESPACE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        var current = config.getCurrentContext();
        if (current != null && current.getContext() != null && current.getContext().getNamespace() != null
                && !current.getContext().getNamespace().isBlank()) {
            return current.getContext().getNamespace();
        }
        return config.getNamespace() == null || config.getNamespace().isBlank() ? "default" : config.getNamespace();
    }

    private static boolean hasContext(Config config, String name) {
        return config.getContexts() != null && config.getContexts().stream().anyMatch(c -> name.equals(c.getName()));
    }
}
