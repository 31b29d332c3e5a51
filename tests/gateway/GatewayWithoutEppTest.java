package gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway when no EPP answers: the pool's failure mode (the EPP's address refuses
 * connections), and the in-process routers of the routing benchmark (round-robin as a Kubernetes
 * Service spreads requests, seeded random).
 */
class GatewayWithoutEppTest {
    private static final String COMPLETION = "{\"model\":\"llama\",\"prompt\":\"hello\"}";

    private final Vertx vertx = Vertx.vertx();
    private List<FakeModelServer> servers;
    private final List<Gateway> gateways = new ArrayList<>();

    @BeforeEach
    void startModelServers() throws Exception {
        servers = FakeModelServer.onOnePort(vertx, PoolWithEpp.PODS, PoolWithEpp.ADDRESSES);
    }

    @AfterEach
    void stopAll() throws Exception {
        gateways.forEach(Gateway::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private PoolEndpoints endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            all.add(new Endpoint(PoolWithEpp.PODS.get(i), PoolWithEpp.ADDRESSES.get(i) + ":" + servers.get(i).port()));
        }
        return PoolEndpoints.of(all);
    }

    private GatewayClient start(GatewayConfig.Builder config) throws Exception {
        Gateway gateway = Gateway.start(config.port(0).endpoints(endpoints()).build());
        gateways.add(gateway);
        return new GatewayClient(gateway);
    }

    /** An address where nothing listens: the port was free a moment ago and is closed again. */
    private static String unreachableEpp() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void failCloseAnswers503WhenTheEppIsUnreachable() throws Exception {
        var client = start(GatewayConfig.builder().router(RouterKind.EPP).epp(unreachableEpp()).eppTls(EppTls.PLAINTEXT)
                .failureMode(FailureMode.FAIL_CLOSE));

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("endpoint picker unavailable: UNAVAILABLE"), response.body());
        servers.forEach(server -> assertEquals(List.of(), server.received()));
    }

    @Test
    void failOpenForwardsTheUnmodifiedRequestToAReadyEndpointWhenTheEppIsUnreachable() throws Exception {
        var client = start(GatewayConfig.builder().router(RouterKind.EPP).epp(unreachableEpp()).eppTls(EppTls.INSECURE)
                .failureMode(FailureMode.FAIL_OPEN));

        var response = client.post("/v1/completions", COMPLETION, "x-gateway-model-name-rewrite", "other");

        assertEquals(200, response.statusCode(), response.body());
        String servedBy = response.headers().firstValue("x-pool-endpoint").orElseThrow();
        int server = PoolWithEpp.PODS.indexOf(servedBy.split(" ")[0]);
        assertTrue(server >= 0, servedBy);
        assertEquals(PoolWithEpp.PODS.get(server) + " " + PoolWithEpp.ADDRESSES.get(server) + ":" + servers.get(server).port(), servedBy);
        assertEquals(COMPLETION, servers.get(server).received().get(0).body());
    }

    /** An EPP that accepts the stream but never decides: after the EPP timeout the failure mode applies. */
    @Test
    void anEppThatGivesNoRoutingDecisionInTimeCountsAsUnreachable() throws Exception {
        Server silent = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new ExternalProcessorGrpc.ExternalProcessorImplBase() {
                    @Override
                    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> replies) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(ProcessingRequest request) {}

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        };
                    }
                }).build().start();
        try {
            String epp = "127.0.0.1:" + silent.getPort();
            var closed = start(GatewayConfig.builder().router(RouterKind.EPP).epp(epp).eppTls(EppTls.PLAINTEXT)
                    .eppTimeout(Duration.ofMillis(200)).failureMode(FailureMode.FAIL_CLOSE));
            var open = start(GatewayConfig.builder().router(RouterKind.EPP).epp(epp).eppTls(EppTls.PLAINTEXT)
                    .eppTimeout(Duration.ofMillis(200)).failureMode(FailureMode.FAIL_OPEN));

            var refused = closed.post("/v1/completions", COMPLETION);
            assertEquals(503, refused.statusCode());
            assertEquals("endpoint picker unavailable: no routing decision within 200 ms\n", refused.body());

            var served = open.post("/v1/completions", COMPLETION);
            assertEquals(200, served.statusCode(), served.body());
            assertTrue(served.headers().firstValue("x-pool-endpoint").isPresent());
        } finally {
            silent.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void roundRobinSendsEachRequestToTheNextReadyEndpoint() throws Exception {
        var client = start(GatewayConfig.builder().router(RouterKind.ROUND_ROBIN));

        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var response = client.post("/v1/completions", COMPLETION);
            assertEquals(200, response.statusCode(), response.body());
            pods.add(response.headers().firstValue("x-pool-endpoint").orElseThrow().split(" ")[0]);
        }

        assertEquals(List.of("vllm-0", "vllm-1", "vllm-2", "vllm-0", "vllm-1", "vllm-2"), pods);
        servers.forEach(server -> assertEquals(2, server.received().size()));
    }

    @Test
    void randomPicksUniformlyFromItsSeedSoTwoRunsWithTheSameSeedAgree() throws Exception {
        List<String> first = randomPicks(start(GatewayConfig.builder().router(RouterKind.RANDOM).randomSeed(7)), 12);
        List<String> second = randomPicks(start(GatewayConfig.builder().router(RouterKind.RANDOM).randomSeed(7)), 12);

        Random seeded = new Random(7);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(PoolWithEpp.PODS.get(seeded.nextInt(3)));
        }
        assertEquals(expected, first);
        assertEquals(first, second);
    }

    @Test
    void aPickerRouterMovesOnWhenItsEndpointRefusesTheConnection() throws Exception {
        var client = start(GatewayConfig.builder().router(RouterKind.ROUND_ROBIN));
        servers.get(0).close();

        var response = client.post("/v1/completions", COMPLETION);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vllm-1", response.headers().firstValue("x-pool-endpoint").orElseThrow().split(" ")[0]);
    }

    private static List<String> randomPicks(GatewayClient client, int count) throws Exception {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var response = client.post("/v1/completions", COMPLETION);
            assertEquals(200, response.statusCode(), response.body());
            pods.add(response.headers().firstValue("x-pool-endpoint").orElseThrow().split(" ")[0]);
        }
        return pods;
    }
}
