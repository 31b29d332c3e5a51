package commands;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workload the `./pool` launcher records its class-data-sharing archive from (not a user
 * command): one render and one cluster command, so both kinds of command start from the archive.
 * The cluster command lists the releases a loopback server answers with (CdsTrainingCluster), then
 * talks to a closed port on the loopback address and fails at once.
 */
public final class CdsTraining {
    private static final String UNREACHABLE_CLUSTER = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: closed
              cluster: {server: "http://127.0.0.1:1"}
            contexts:
            - name: closed
              context: {cluster: closed, user: nobody, namespace: default}
            current-context: closed
            users:
            - name: nobody
              user: {token: none}
            """;

    public static void main(String... args) throws Exception {
        var quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        PoolCommand.execute("template", "cds-training", "--set", "inferencePool.modelServers.matchLabels.app=cds-training");
        Path kubeconfig = Files.createTempFile("pool-cds-training", ".kubeconfig");
        try (var cluster = CdsTrainingCluster.start()) {
            Files.writeString(kubeconfig, cluster.kubeconfig());
            PoolCommand.execute("list", "--all-namespaces", "--kubeconfig", kubeconfig.toString());
            // and the failure path: a closed port
            Files.writeString(kubeconfig, UNREACHABLE_CLUSTER);
            PoolCommand.execute("list", "--all-namespaces", "--kubeconfig", kubeconfig.toString());
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }
}
