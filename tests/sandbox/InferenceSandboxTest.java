package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sandbox.inference.InferenceSandbox;
import sandbox.inference.SandboxOptions;

/** The whole path through {@link InferenceSandbox}: local API, simulated pods, the EPP as a process, the gateway. */
class InferenceSandboxTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InferenceSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = InferenceSandbox.start(SandboxOptions.defaults().modelServers(2).log(quiet()));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void answersACompletionThroughTheGatewayNamingThePodThatServedIt() throws Exception {
        HttpResponse<String> response = complete(sandbox);

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("\"text_completion\""), response::body);
        String endpoint = response.headers().firstValue("x-pool-endpoint").orElse(null);
        assertNotNull(endpoint, () -> response.headers().map().toString());
        String pod = endpoint.split(" ")[0];
        assertTrue(sandbox.modelServerPods().contains(pod), () -> endpoint + " not in " + sandbox.modelServerPods());
    }

    @Test
    void theEppPodIsReadyAndItsDeploymentSaysSo() {
        assertEquals(1, sandbox.eppPods().size());
        var status = sandbox.client().apps().deployments().withName(sandbox.eppDeployment()).get().getStatus();
        assertEquals(1, status.getReadyReplicas());
        assertEquals(1, status.getAvailableReplicas());
        assertEquals(sandbox.eppPods().get(0), sandbox.eppTarget());
    }

    @Test
    void aDeletedModelServerPodIsReplacedAndNoLongerServes() throws Exception {
        List<String> before = sandbox.modelServerPods();
        String deleted = before.get(0);

        sandbox.deletePod(deleted);

        Await.until(() -> !sandbox.modelServerPods().contains(deleted) && sandbox.modelServerPods().size() == before.size(),
                () -> "model servers " + sandbox.modelServerPods());
        assertFalse(sandbox.simulators().podNames().contains(deleted), () -> "still simulated: " + sandbox.simulators().podNames());
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = complete(sandbox);
            assertEquals(200, response.statusCode(), response::body);
            String pod = response.headers().firstValue("x-pool-endpoint").orElseThrow().split(" ")[0];
            assertTrue(sandbox.modelServerPods().contains(pod), () -> pod + " served, ready are " + sandbox.modelServerPods());
        }
    }

    @Test
    void scalingTheModelServerDeploymentAddsSimulatedPods() throws Exception {
        int before = sandbox.modelServerPods().size();

        sandbox.scale(before + 1);

        List<String> pods = sandbox.modelServerPods();
        assertEquals(before + 1, pods.size());
        assertTrue(sandbox.simulators().podNames().containsAll(pods), () -> sandbox.simulators().podNames() + " vs " + pods);
        for (String name : pods) {
            Pod pod = sandbox.client().pods().withName(name).get();
            assertTrue(pod.getStatus().getPodIP().startsWith("127."), () -> pod.getStatus().toString());
        }
        var status = sandbox.client().apps().deployments().withName(sandbox.modelServerDeployment()).get().getStatus();
        assertEquals(before + 1, status.getReadyReplicas());
        assertEquals(200, complete(sandbox).statusCode());
    }

    @Test
    void closingStopsTheEppProcessesTheGatewayAndTheSimulators() throws Exception {
        InferenceSandbox own = InferenceSandbox.start(SandboxOptions.defaults().modelServers(1).log(quiet()));
        List<ProcessHandle> children;
        int gatewayPort;
        try {
            children = own.childProcesses();
            gatewayPort = URI.create(own.gatewayUrl()).getPort();
            assertEquals(1, children.size(), children::toString);
            assertTrue(children.get(0).isAlive());
        } finally {
            own.close();
        }

        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), () -> "still running: " + child.pid() + " " + child.info());
        }
        assertEquals(List.of(), own.childProcesses());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", gatewayPort).close());
    }

    static HttpResponse<String> complete(InferenceSandbox target) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.gatewayUrl() + "/v1/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hello\",\"max_tokens\":4}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
