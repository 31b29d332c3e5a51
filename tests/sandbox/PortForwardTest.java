package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortForwardTest {
    LocalKubernetesApi api;
    HttpServer modelServer;

    @BeforeEach
    void start() throws IOException {
        api = LocalKubernetesApi.start();
        modelServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        modelServer.createContext("/metrics", exchange -> {
            byte[] body = "vllm:num_requests_running 3\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        modelServer.start();
    }

    @AfterEach
    void stop() {
        modelServer.stop(0);
        api.close();
    }

    @Test
    void fabric8PortForwardReachesTheLocalServerMappedToThePodPort() throws Exception {
        api.client().resource(pod("vllm-0")).create();
        api.mapPodPort("default", "vllm-0", 8000, modelServer.getAddress());

        try (LocalPortForward forward = api.client().pods().withName("vllm-0").portForward(8000, 0)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, response.statusCode());
                assertEquals("vllm:num_requests_running 3\n", response.body());
            }
        }
    }

    @Test
    void aPortWithoutMappingReportsAnErrorAndEndsTheConnection() throws Exception {
        api.client().resource(pod("vllm-1")).create();

        try (LocalPortForward forward = api.client().pods().withName("vllm-1").portForward(9999, 0);
             Socket socket = new Socket("127.0.0.1", forward.getLocalPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertEquals(-1, readOrEnd(socket.getInputStream()));
            assertTrue(testing.Await.until(Duration.ofSeconds(20), () -> forward.getServerThrowables().stream()
                    .anyMatch(t -> String.valueOf(t.getMessage()).contains("has no port 9999 mapped"))),
                    () -> String.valueOf(forward.getServerThrowables()));
        }
    }

    @Test
    void forwardingToAMissingPodEndsTheConnection() throws Exception {
        try (LocalPortForward forward = api.client().pods().withName("absent").portForward(8000, 0);
             Socket socket = new Socket("127.0.0.1", forward.getLocalPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write('x');

            assertEquals(-1, readOrEnd(socket.getInputStream()));
            assertTrue(testing.Await.until(Duration.ofSeconds(20), forward::errorOccurred));
        }
    }

    private static int readOrEnd(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "vllm").endMetadata()
                .withNewSpec().addNewContainer().withName("vllm").withImage("vllm/vllm-openai").endContainer()
                .endSpec().build();
    }

    @Test
    void kubectlsSpdySubprotocolIsAcceptedByTheMockOfThisFabric8Version() {
        // fails (and LocalKubernetesApi.start() warns) when a fabric8 upgrade moves the mock's subprotocol list
        org.junit.jupiter.api.Assertions.assertNull(PortForwarding.acceptKubectlSubprotocol());
    }
}
