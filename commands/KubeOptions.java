package commands;

import common.GoDuration;
import java.time.Duration;
import kube.KubeConnection;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Cluster connection flags shared by every command that talks to Kubernetes (as Helm and kubectl spell them). */
public final class KubeOptions {
    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file (default: $KUBECONFIG, in-cluster config, then ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--kube-context", paramLabel = "NAME", description = "Kubeconfig context to use (default: $HELM_KUBECONTEXT, then the current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Release namespace, also where its records are stored (default: $HELM_NAMESPACE, the context's namespace, then default).")
    String namespace;

    @Option(names = "--request-timeout", paramLabel = "DURATION", converter = RequestTimeout.class, defaultValue = "30s",
            description = "Timeout of each request to the API server (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    public KubeConnection connection() {
        String ctx = context != null ? context : System.getenv("HELM_KUBECONTEXT");
        return new KubeConnection(kubeconfig, ctx, namespace, requestTimeout, System.getenv());
    }

    /** kubectl's {@code --request-timeout} (client-go's ParseTimeout): whole seconds, or a Go duration. */
    public static final class RequestTimeout implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            if (text.matches("[0-9]{1,18}")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            return new GoDuration.Converter().convert(text);
        }
    }
}
