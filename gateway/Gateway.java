package gateway;

import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway in front of an InferencePool: does for each HTTP request what Envoy does with the
 * pool's EPP (router `epp`), or picks in-process (`round-robin`, `random`). Start it with
 * {@link #start(GatewayConfig)}, stop it with {@link #close()}.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(GatewayConfig.builder()
 *         .host("127.0.0.1").port(8080)
 *         .router(RouterKind.EPP).epp("127.0.0.1:9002").eppTls(EppTls.INSECURE)
 *         .failureMode(FailureMode.FAIL_CLOSE)
 *         .endpoints(poolEndpoints)
 *         .build())) {
 *     ... gateway.port() ...
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    private static final long START_SECONDS = 30;
    private static final long RECONNECT_CHECK_MILLIS = 1000;

    private final Vertx vertx;
    private final ManagedChannel eppChannel;
    private final String host;
    private final int port;

    private Gateway(Vertx vertx, ManagedChannel eppChannel, String host, int port) {
        this.vertx = vertx;
        this.eppChannel = eppChannel;
        this.host = host;
        this.port = port;
    }

    /** Starts listening (blocks until it does; never call it on an event loop). */
    public static Gateway start(GatewayConfig config) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setWorkerPoolSize(1));
        ManagedChannel channel = null;
        try {
            ExternalProcessorGrpc.ExternalProcessorStub epp = null;
            Picker picker = null;
            if (config.router() == RouterKind.EPP) {
                channel = eppChannel(config);
                epp = ExternalProcessorGrpc.newStub(channel);
            } else {
                picker = Picker.of(config.router(), config.randomSeed());
            }
            Picker failOpen = new Picker.RoundRobin();
            // One server per event loop on one port (Vert.x spreads the connections over them). For "any
            // free port" Vert.x shares one random port among servers that ask for the same negative port.
            int listenPort = config.port() == 0 ? -1 : config.port();
            List<GatewayVerticle> instances = new ArrayList<>();
            for (int i = 0; i < config.eventLoops(); i++) {
                GatewayVerticle instance = new GatewayVerticle(config, listenPort, epp, picker, failOpen);
                await(vertx.deployVerticle(instance));
                instances.add(instance);
            }
            int port = instances.get(0).actualPort();
            if (channel != null) {
                reconnectPromptly(vertx, channel);
            }
            return new Gateway(vertx, channel, config.host(), port);
        } catch (Exception e) {
            if (channel != null) {
                channel.shutdownNow();
            }
            vertx.close();
            throw e;
        }
    }

    private static ManagedChannel eppChannel(GatewayConfig config) throws Exception {
        ChannelCredentials credentials = config.eppTls() == EppTls.PLAINTEXT
                ? InsecureChannelCredentials.create()
                : TlsChannelCredentials.newBuilder().trustManager(new TrustAnyServerCertificate()).build();
        // Callbacks only hop onto the exchange's event loop, so they run on gRPC's own threads.
        return Grpc.newChannelBuilderForAddress(config.epp().host(), config.epp().port(), credentials)
                .directExecutor()
                .build();
    }

    /**
     * gRPC backs off reconnecting to an EPP it could not reach (up to 2 minutes), failing streams at
     * once meanwhile; an EPP that starts after the gateway or restarts (`pool upgrade` recreates it)
     * would then stay "unreachable" long after it serves. Cut the back-off short every second.
     */
    private static void reconnectPromptly(Vertx vertx, ManagedChannel channel) {
        vertx.setPeriodic(RECONNECT_CHECK_MILLIS, id -> {
            if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                channel.resetConnectBackoff();
            }
        });
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
    }

    public String host() {
        return host;
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        return port;
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + HostPort.parse(host + ":" + port);
    }

    /** Stops listening, drops open exchanges and the EPP connection; waits (bounded) until done. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: what is left belongs to a JVM that is stopping it anyway
        } finally {
            if (eppChannel != null) {
                eppChannel.shutdownNow();
                try {
                    eppChannel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
