package commands.completion;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kube.KubeConnection;

/**
 * Names completion reads from the kubeconfig and the cluster, with the connection flags already
 * on the command line. Short request timeouts, and any failure means no candidates: a completion
 * must never hang or print errors into the prompt.
 */
final class ClusterNames {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final KubeConnection connection;

    ClusterNames(String kubeconfig, String context, String namespace) {
        this.connection = new KubeConnection(kubeconfig, context, namespace, TIMEOUT, System.getenv());
    }

    List<String> contexts() {
        try {
            var contexts = new KubeConnection(connection.kubeconfig(), null, null, TIMEOUT, connection.env()).config().getContexts();
            return contexts == null ? List.of() : contexts.stream().map(NamedContext::getName).filter(Objects::nonNull).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    List<String> namespaces() {
        try (var client = connection.client()) {
            return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Release names in the namespace (Helm's record Secrets: label owner=helm, name=<release>). */
    List<String> releases() {
        return recordLabels().stream().map(l -> l.get("name")).filter(Objects::nonNull).distinct().toList();
    }

    /** Revision numbers of a release. */
    List<String> revisions(String release) {
        return recordLabels().stream().filter(l -> release.equals(l.get("name"))).map(l -> l.get("version")).filter(Objects::nonNull).toList();
    }

    private List<Map<String, String>> recordLabels() {
        try (var client = connection.client()) {
            var config = client.getConfiguration();
            return client.secrets().inNamespace(config.getNamespace()).withLabel("owner", "helm").list().getItems().stream()
                    .map(HasMetadata::getMetadata).map(m -> m.getLabels() == null ? Map.<String, String>of() : m.getLabels()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
