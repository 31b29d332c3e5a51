package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.testing.ExtProcExchange;
import epp.testing.InMemoryDatastore;
import epp.testing.LowestQueueScheduler;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole EPP started from the chart's arguments (with ports moved to free ones) on in-memory
 * backends: TLS with the generated certificate, health, /metrics.
 */
class EppRunnerTest {
    private final InMemoryDatastore datastore = InMemoryDatastore.withPods("10.0.0.1");
    private final List<String> configs = new ArrayList<>();
    private Runnable whileStartingDatastore = () -> { };

    private final Backends backends = new Backends() {
        @Override
        public Datastore createDatastore(EppConfig config) {
            return datastore;
        }

        @Override
        public void startDatastore(Datastore datastore) {
            whileStartingDatastore.run();
        }

        @Override
        public boolean poolSynced(Datastore d) {
            return d.pool().isPresent();
        }

        @Override
        public Scheduler scheduler(String configText, Datastore d, SchedulingObserver observer) {
            configs.add(String.valueOf(configText));
            return new LowestQueueScheduler(1);
        }

        @Override
        public java.util.function.BooleanSupplier startLeaderElection(EppConfig config) {
            return () -> false;
        }

        @Override
        public Authenticator metricsAuthenticator() {
            return new Authenticator() {
                @Override
                public Result authenticate(HttpExchange exchange) {
                    return new Failure(401);
                }
            };
        }
    };

    private static EppFlags chartFlags(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--pool-name", "vllm", "--pool-namespace", "default", "--pool-group",
                "inference.networking.k8s.io", "--zap-encoder", "json", "--config-text", "apiVersion: x", "--tracing=false",
                "--metrics-endpoint-auth=false", "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0"));
        args.addAll(List.of(extra));
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs(args.toArray(new String[0]));
        return ((EppCommand) line.getCommand()).flags();
    }

    @Test
    void servesExtProcOverTlsWithTheGeneratedCertificateAndHealthAndMetrics() throws Exception {
        try (var runner = new EppRunner(backends)) {
            EppServers servers = runner.start(chartFlags().config(Map.of()), Map.of());
            assertEquals(List.of("apiVersion: x"), configs);

            X509Certificate served = serverCertificate(servers.grpcPort());
            assertTrue(served.getSubjectX500Principal().getName().contains("O=Inference Ext"), served.getSubjectX500Principal().getName());
            assertEquals(4096, ((java.security.interfaces.RSAPublicKey) served.getPublicKey()).getModulus().bitLength());
            assertEquals(List.of("1.3.6.1.5.5.7.3.1"), served.getExtendedKeyUsage());

            var credentials = TlsChannelCredentials.newBuilder().trustManager(new PinnedCertificateTrust(served)).build();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.grpcPort(), credentials).build();
            try {
                var ex = new ExtProcExchange(channel).send(ExtProcExchange.requestHeaders(true, ":method", "GET"));
                assertEquals("x-gateway-destination-endpoint=10.0.0.1:8000", ExtProcExchange.setHeaders(ex.awaitReplies(1).get(0)).get(0));
                ex.finish();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.healthPort(),
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                var status = HealthGrpc.newBlockingStub(health).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("inference-extension").build()).getStatus();
                assertEquals(ServingStatus.SERVING, status);
            } finally {
                health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + servers.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("# HELP inference_extension_scheduler_e2e_duration_seconds [ALPHA] End-to-end scheduling latency"),
                    response.body());
            assertTrue(response.body().contains("inference_pool_per_pod_queue_size{model_server_pod=\"pod-0\",name=\"pool\"} 0\n"),
                    response.body());
            assertTrue(response.body().contains("inference_extension_info{build_ref=\"\",commit=\"\"} 1\n"), response.body());
            assertTrue(response.body().contains("inference_extension_scheduler_e2e_duration_seconds_bucket{le=\"0.0001\"} 0\n"), response.body());
            assertTrue(response.body().contains("# TYPE process_cpu_seconds_total counter"), "process metrics");
            assertTrue(response.body().contains("# TYPE jvm_memory_used_bytes gauge"), "JVM metrics");
        }
    }

    @Test
    void healthIsNotServingUntilTheExtProcListenerIsUpThoughThePoolIsSynced() throws Exception {
        List<ServingStatus> whileStarting = new ArrayList<>();
        try (var runner = new EppRunner(backends)) {
            // The in-memory pool is synced from the start; the ext_proc listener starts after the datastore.
            whileStartingDatastore = () -> whileStarting.add(healthStatus(runner.servers().healthPort()));
            EppServers servers = runner.start(chartFlags().config(Map.of()), Map.of());
            assertEquals(List.of(ServingStatus.NOT_SERVING), whileStarting);
            assertEquals(ServingStatus.SERVING, healthStatus(servers.healthPort()));
        }
    }

    private static ServingStatus healthStatus(int port) {
        ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", port, io.grpc.InsecureChannelCredentials.create()).build();
        try {
            return HealthGrpc.newBlockingStub(health).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("inference-extension").build()).getStatus();
        } finally {
            health.shutdownNow();
        }
    }

    @Test
    void withLeaderElectionAFollowerIsLiveButNotReady() throws Exception {
        try (var runner = new EppRunner(backends)) {
            EppServers servers = runner.start(chartFlags("--ha-enable-leader-election", "--secure-serving=false").config(Map.of()), Map.of());
            ManagedChannel health = Grpc.newChannelBuilderForAddress("127.0.0.1", servers.healthPort(),
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                var stub = HealthGrpc.newBlockingStub(health).withDeadlineAfter(10, TimeUnit.SECONDS);
                assertEquals(ServingStatus.SERVING, stub.check(HealthCheckRequest.newBuilder().setService("liveness").build()).getStatus());
                assertEquals(ServingStatus.NOT_SERVING, stub.check(HealthCheckRequest.newBuilder().setService("readiness").build()).getStatus());
            } finally {
                health.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void metricsEndpointAuthRejectsRequestsWithoutAToken() throws Exception {
        try (var runner = new EppRunner(backends)) {
            EppServers servers = runner.start(chartFlags("--metrics-endpoint-auth=true", "--secure-serving=false").config(Map.of()), Map.of());
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + servers.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
        }
    }

    @Test
    void certificateFromCertPathIsServed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var generated = TlsCertificates.selfSigned(2048);
        TlsCertificatesTest.writePkcs1(dir, generated);
        try (var runner = new EppRunner(backends)) {
            EppServers servers = runner.start(chartFlags("--cert-path", dir.toString()).config(Map.of()), Map.of());
            assertEquals(generated.chain().get(0), serverCertificate(servers.grpcPort()));
        }
    }

    /** Completes a TLS handshake with the ext_proc port and returns the certificate it presented. */
    static X509Certificate serverCertificate(int port) throws Exception {
        var context = SSLContext.getInstance("TLS");
        var captured = new X509Certificate[1];
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                captured[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            assertEquals("h2", socket.getApplicationProtocol());
        }
        return captured[0];
    }
}
