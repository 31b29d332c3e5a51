package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kube.KubeConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.LocalKubernetesApi;

/**
 * The exit waits for the closed cluster client's event loops: after it, none of the Vert.x
 * event-loop threads that client started is still alive (JDK 17's exit would otherwise wait up to
 * 300 ms for them, as they sit in native code).
 */
class ProcessExitTest {
    @TempDir
    Path dir;

    @Test
    void afterTheWaitTheClosedClientsEventLoopsHaveEnded() {
        Set<Thread> before = eventLoops();
        try (var api = LocalKubernetesApi.start()) {
            Path kubeconfig = api.writeKubeconfig(dir.resolve("config"));
            try (var client = new KubeConnection(kubeconfig.toString(), null, null, null, null).client()) {
                client.namespaces().list();
            }
        }
        ProcessExit.awaitEventLoopsStopped();
        List<String> stillRunning = eventLoops().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList();
        assertEquals(List.of(), stillRunning);
    }

    private static Set<Thread> eventLoops() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vert.x-eventloop-thread-") || t.getName().startsWith("vert.x-acceptor-thread-"))
                .collect(Collectors.toSet());
    }
}
