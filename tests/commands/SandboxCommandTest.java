package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilInterruptedAndWritesAKubeconfigFabric8Accepts() throws Exception {
        Path kubeconfig = dir.resolve("kube").resolve("config");
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread command = new Thread(() -> exit.complete(PoolCommand.commandLine().setOut(new PrintWriter(out))
                .execute("sandbox", "api", "--port", "0", "--kubeconfig", kubeconfig.toString())));
        command.start();
        try {
            testing.Await.until(Duration.ofSeconds(30), () -> out.toString().contains("export KUBECONFIG=") || exit.isDone());
            assertTrue(out.toString().contains("export KUBECONFIG=" + kubeconfig.toAbsolutePath()), out::toString);
            assertTrue(out.toString().contains("Local Kubernetes API listening on http://127.0.0.1:"), out::toString);

            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertEquals("default", client.getNamespace());
                assertTrue(client.namespaces().list().getItems().stream().map(Namespace::getMetadata)
                        .anyMatch(m -> m.getName().equals("kube-system")));
            }
        } finally {
            command.interrupt();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aBusyPortIsAUserError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();

            int code = PoolCommand.commandLine().setErr(new PrintWriter(err)).execute("sandbox", "api", "--port",
                    String.valueOf(busy.getLocalPort()), "--kubeconfig", dir.resolve("k").toString());

            assertEquals(1, code);
            assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), err::toString);
            assertTrue(err.toString().contains("--port"), err::toString);
        }
    }

    @Test
    void aPortOutOfRangeIsAUserError() {
        StringWriter err = new StringWriter();

        int code = PoolCommand.commandLine().setErr(new PrintWriter(err)).execute("sandbox", "api", "--port", "70000");

        assertEquals(1, code);
        assertTrue(err.toString().contains("--port 70000 is not a TCP port"), err::toString);
    }

    @Test
    void argumentsAndExitCodesPassThroughToTheSandboxProgram() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int help = PoolCommand.commandLine().setOut(new PrintWriter(out)).execute("sandbox", "api", "--help");
        int unknown = PoolCommand.commandLine().setErr(new PrintWriter(err)).execute("sandbox", "api", "--bogus");

        assertEquals(0, help);
        assertTrue(out.toString().contains("--kubeconfig=<kubeconfig>"), out::toString);
        assertEquals(2, unknown);
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err::toString);
    }
}
