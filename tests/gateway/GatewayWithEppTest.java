package gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of the real EPP (in-process, watching the local Kubernetes API) and three
 * model-server stand-ins: it asks the EPP over ext_proc for every request and does what it says.
 * The EPP's queue-only profile ranks the endpoints by the queue each stand-in reports, so the loads
 * a test sets decide where requests go; each test waits until the EPP has scraped them.
 */
class GatewayWithEppTest {
    private static final String COMPLETION = "{\"model\":\"llama\",\"prompt\":\"write a haiku about gateways\"}";

    @TempDir
    Path dir;
    private PoolWithEpp pool;
    private Gateway gateway;
    private GatewayClient client;

    @BeforeEach
    void startPool() throws Exception {
        pool = new PoolWithEpp(dir);
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            pool.close();
        }
    }

    private void startGateway(boolean secureEpp) throws Exception {
        String epp = pool.startEpp(secureEpp);
        gateway = Gateway.start(GatewayConfig.builder().port(0).router(RouterKind.EPP).epp(epp)
                .eppTls(secureEpp ? EppTls.INSECURE : EppTls.PLAINTEXT).endpoints(pool.endpoints()).build());
        client = new GatewayClient(gateway);
    }

    private void loads(int... waiting) throws Exception {
        for (int i = 0; i < waiting.length; i++) {
            pool.setLoad(i, waiting[i]);
        }
        pool.awaitQueues(Map.of("vllm-0", waiting[0], "vllm-1", waiting[1], "vllm-2", waiting[2]));
    }

    @Test
    void theRequestGoesToTheEndpointTheEppPickedAndTheResponseNamesIt() throws Exception {
        startGateway(false);
        loads(20, 0, 20);

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-1 " + pool.endpoint(1), response.headers().firstValue("x-pool-endpoint").orElse(null));
        assertTrue(response.body().contains("\"served_by\":\"vllm-1\""), response.body());
        List<FakeModelServer.Received> received = pool.servers.get(1).received();
        assertEquals(1, received.size());
        assertEquals(COMPLETION, received.get(0).body(), "the body is forwarded unchanged");
        assertEquals("/v1/completions", received.get(0).path());
        assertEquals(List.of(), pool.servers.get(0).received());
        assertEquals(List.of(), pool.servers.get(2).received());
    }

    @Test
    void overTlsTheEppsSelfSignedCertificateIsAcceptedAsEnvoyDoes() throws Exception {
        startGateway(true);
        loads(20, 20, 0);

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-2 " + pool.endpoint(2), response.headers().firstValue("x-pool-endpoint").orElse(null));
    }

    @Test
    void whenThePickedEndpointRefusesTheConnectionTheNextListedOneServes() throws Exception {
        startGateway(false);
        loads(0, 5, 20);
        pool.servers.get(0).close(); // the EPP keeps its last scrape: vllm-0 is still listed first

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-1 " + pool.endpoint(1), response.headers().firstValue("x-pool-endpoint").orElse(null));
        assertEquals(1, pool.servers.get(1).received().size());
        assertEquals(List.of(), pool.servers.get(2).received());
    }

    @Test
    void theModelServerReceivesTheBodyWithTheModelTheEppRewroteAndItsExactLength() throws Exception {
        startGateway(false);
        loads(0, 20, 20);

        var response = client.post("/v1/completions", COMPLETION, "x-gateway-model-name-rewrite", "llama-3-8b-lora");

        assertEquals(200, response.statusCode(), response.body());
        String expected = COMPLETION.replace("\"llama\"", "\"llama-3-8b-lora\"");
        FakeModelServer.Received received = pool.servers.get(0).received().get(0);
        assertEquals(expected, received.body());
        assertEquals(String.valueOf(expected.getBytes(StandardCharsets.UTF_8).length), received.contentLength(),
                "Content-Length is the rewritten body's");
    }

    @Test
    void withNoReadyPodTheClientGetsTheEppsImmediateResponse() throws Exception {
        startGateway(false);
        loads(0, 0, 0);
        PoolWithEpp.PODS.forEach(pod -> pool.setReady(pod, false));
        pool.awaitQueues(Map.of());

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(503, response.statusCode());
        assertEquals("inference gateway: ServiceUnavailable - failed to find candidate pods for serving the request", response.body());
        pool.servers.forEach(server -> assertEquals(List.of(), server.received()));
    }

    /** The sandbox may start the gateway before the EPP serves (or restart the EPP): once it serves, requests are routed. */
    @Test
    void anEppThatStartsAfterTheGatewayIsUsedOnceItServes() throws Exception {
        int eppPort;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("127.0.0.1", 0));
            eppPort = free.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.builder().port(0).router(RouterKind.EPP).epp("127.0.0.1:" + eppPort)
                .eppTls(EppTls.PLAINTEXT).endpoints(pool.endpoints()).build());
        client = new GatewayClient(gateway);
        for (int i = 0; i < 3; i++) {
            assertEquals(503, client.post("/v1/completions", COMPLETION).statusCode(), "no EPP yet");
        }

        pool.startEpp(false, eppPort);
        loads(20, 0, 20);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var response = client.post("/v1/completions", COMPLETION);
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = client.post("/v1/completions", COMPLETION);
        }
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-1 " + pool.endpoint(1), response.headers().firstValue("x-pool-endpoint").orElse(null));
    }

    /** A GET has no body: the headers carry end_of_stream and the EPP picks a random ready pod. */
    @Test
    void aRequestWithoutBodyIsRoutedByTheEppToOneOfThePoolsPods() throws Exception {
        startGateway(false);
        loads(0, 0, 0);

        var response = client.get("/v1/models");

        assertEquals(200, response.statusCode(), response.body());
        String servedBy = response.headers().firstValue("x-pool-endpoint").orElseThrow();
        int server = PoolWithEpp.PODS.indexOf(servedBy.split(" ")[0]);
        assertEquals(PoolWithEpp.PODS.get(server) + " " + pool.endpoint(server), servedBy);
        FakeModelServer.Received received = pool.servers.get(server).received().get(0);
        assertEquals("GET", received.method());
        assertEquals("", received.body());
    }

    /** 300 KB: several chunks each way (the EPP replies in 62000-byte chunks), forwarded byte for byte. */
    @Test
    void aLargePromptReachesTheModelServerWhole() throws Exception {
        startGateway(false);
        loads(20, 20, 0);
        String prompt = "The quick brown fox jumps over the lazy dog. ".repeat(300 * 1024 / 45);
        String body = "{\"model\":\"llama\",\"prompt\":\"" + prompt + "\"}";

        var response = client.post("/v1/completions", body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-2 " + pool.endpoint(2), response.headers().firstValue("x-pool-endpoint").orElse(null));
        FakeModelServer.Received received = pool.servers.get(2).received().get(0);
        assertEquals(body, received.body());
        assertEquals(String.valueOf(body.length()), received.contentLength());
    }

    @Test
    void theFirstStreamedTokenReachesTheClientWhileTheModelServerHoldsTheRest() throws Exception {
        startGateway(false);
        loads(20, 0, 20);

        var streamed = client.stream("/v1/completions",
                "{\"model\":\"llama\",\"prompt\":\"count\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertEquals(200, streamed.response().statusCode());
        assertEquals("vllm-1 " + pool.endpoint(1), streamed.response().headers().firstValue("x-pool-endpoint").orElse(null));
        assertEquals("text/event-stream", streamed.response().headers().firstValue("content-type").orElse(null));
        String first = streamed.next();
        assertTrue(first.contains("first"), first);

        pool.servers.get(1).releaseStream();
        assertTrue(streamed.next().contains("second"));
        assertEquals("data: [DONE]", streamed.next());
        assertEquals(null, streamed.next());
    }
}
