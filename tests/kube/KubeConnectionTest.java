package kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfig, context and namespace resolution, and the one-line unreachable-cluster error. */
class KubeConnectionTest {
    @TempDir
    Path dir;

    Path kubeconfig(int port) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: dev
                clusters:
                - name: local
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: dev
                  context:
                    cluster: local
                    user: me
                    namespace: team-a
                - name: bare
                  context:
                    cluster: local
                    user: me
                users:
                - name: me
                  user:
                    token: abc
                """.formatted(port));
        return file;
    }

    @Test
    void namespaceComesFromFlagThenHelmNamespaceThenContextThenDefault() throws Exception {
        String path = kubeconfig(1).toString();
        assertEquals("flag", new KubeConnection(path, null, "flag", null, Map.of("HELM_NAMESPACE", "env")).config().getNamespace());
        assertEquals("env", new KubeConnection(path, null, null, null, Map.of("HELM_NAMESPACE", "env")).config().getNamespace());
        assertEquals("team-a", new KubeConnection(path, null, null, null, Map.of()).config().getNamespace());
        assertEquals("default", new KubeConnection(path, "bare", null, null, Map.of()).config().getNamespace());
    }

    @Test
    void requestTimeoutIsApplied() throws Exception {
        var config = new KubeConnection(kubeconfig(1).toString(), null, null, Duration.ofSeconds(7), Map.of()).config();
        assertEquals(7000, config.getRequestTimeout());
        assertEquals("http://127.0.0.1:1/", config.getMasterUrl());
    }

    @Test
    void unknownContextAndMissingFileAreClearErrors() throws Exception {
        String path = kubeconfig(1).toString();
        var e = assertThrows(ClusterException.class, () -> new KubeConnection(path, "prod", null, null, Map.of()).config());
        assertTrue(e.getMessage().contains("context \"prod\" is not in the kubeconfig"), e.getMessage());
        var missing = assertThrows(ClusterException.class,
                () -> new KubeConnection(dir.resolve("nope").toString(), null, null, null, Map.of()).config());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void unreachableClusterIsOneLine() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var connection = new KubeConnection(kubeconfig(closedPort).toString(), null, null, Duration.ofSeconds(5), Map.of());
        try (var client = connection.client()) {
            var cluster = new Fabric8Cluster(client);
            var e = assertThrows(ClusterException.class, () -> cluster.namespaceExists("team-a"));
            assertTrue(e.getMessage().startsWith("cluster unreachable: cannot look up namespace team-a ("), e.getMessage());
            assertTrue(e.getMessage().contains("check --kubeconfig, --kube-context"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
