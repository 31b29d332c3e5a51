package commands;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sandbox.LocalKubernetesApi;

/** The `pool` command line run in-process against a local Kubernetes API, as a person or CI script runs it. */
final class PoolRunner implements AutoCloseable {
    record Run(int code, String out, String err) {
        /** The command and what it printed, for a transcript. */
        String transcript(String command) {
            return "$ " + command + "\n" + out + err + "(exit " + code + ")";
        }
    }

    final LocalKubernetesApi api;
    final KubernetesClient client;
    final Path kubeconfig;

    PoolRunner(Path dir) {
        api = LocalKubernetesApi.start();
        client = api.client();
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    /** `pool ARGS --kubeconfig K -n NAMESPACE` */
    Run pool(String namespace, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", namespace));
        return run(all.toArray(String[]::new));
    }

    /** `pool ARGS` exactly as given. */
    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = PoolCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
    }

    /** Every object of the kinds the chart renders, as Kind/name, plus the release records. */
    List<String> contents(String namespace) {
        var found = new ArrayList<String>();
        client.serviceAccounts().inNamespace(namespace).list().getItems().forEach(o -> found.add("ServiceAccount/" + o.getMetadata().getName()));
        client.configMaps().inNamespace(namespace).list().getItems().forEach(o -> found.add("ConfigMap/" + o.getMetadata().getName()));
        client.services().inNamespace(namespace).list().getItems().forEach(o -> found.add("Service/" + o.getMetadata().getName()));
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(o -> found.add("Deployment/" + o.getMetadata().getName()));
        client.rbac().roles().inNamespace(namespace).list().getItems().forEach(o -> found.add("Role/" + o.getMetadata().getName()));
        client.rbac().clusterRoles().list().getItems().stream().filter(o -> o.getMetadata().getName().contains("-" + namespace + "-"))
                .forEach(o -> found.add("ClusterRole/" + o.getMetadata().getName()));
        client.secrets().inNamespace(namespace).list().getItems().forEach(o -> found.add("Secret/" + o.getMetadata().getName()));
        client.genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool").inNamespace(namespace).list().getItems()
                .forEach(o -> found.add("InferencePool/" + o.getMetadata().getName()));
        return found;
    }

    @Override
    public void close() {
        api.close();
    }
}
