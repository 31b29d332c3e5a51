package commands;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import kube.ServerSideDryRun;

/** A connection for server-side dry-run applies (`pool diff`), from the same flags as the release session's. */
final class DryRunSession implements AutoCloseable {
    private final KubernetesClient client;
    private final ServerSideDryRun dryRun;

    private DryRunSession(KubernetesClient client) {
        this.client = client;
        this.dryRun = new ServerSideDryRun(client);
    }

    static DryRunSession open(KubeOptions kube) {
        return new DryRunSession(new KubernetesClientBuilder().withConfig(kube.connection().config()).build());
    }

    Map<String, Object> apply(Map<String, Object> object) {
        return dryRun.apply(object);
    }

    @Override
    public void close() {
        client.close();
    }
}
