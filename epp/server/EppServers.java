package epp.server;

import com.sun.net.httpserver.Authenticator;
import epp.handlers.ExtProcService;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The EPP's three listeners (epp.md §7): the ext_proc gRPC server (TLS unless disabled, optionally
 * with the standard health service), the plaintext gRPC health server, and the HTTP /metrics server.
 */
public final class EppServers implements AutoCloseable {
    /**
     * @param metricsAuth the /metrics authenticator, or null when `--metrics-endpoint-auth=false`
     */
    public record Config(int grpcPort, int healthPort, int metricsPort, boolean healthChecking, Authenticator metricsAuth) {}

    private final Config config;
    private final Server health;
    private final MetricsHttpServer metrics;
    private volatile Server extProc;

    private EppServers(Config config, Server health, MetricsHttpServer metrics) {
        this.config = config;
        this.health = health;
        this.metrics = metrics;
    }

    /**
     * Starts the health and /metrics listeners; the ext_proc one follows with {@link #startExtProc},
     * so the start-up's slow steps (informer sync, generating the certificate) can run side by side
     * while health already answers NOT_SERVING.
     */
    public static EppServers start(Config config, HealthService healthService, EppMetrics eppMetrics) throws IOException {
        Server health = Grpc.newServerBuilderForPort(config.healthPort(), InsecureServerCredentials.create())
                .addService((BindableService) healthService).build().start();
        try {
            MetricsHttpServer metrics = MetricsHttpServer.start(config.metricsPort(), eppMetrics.registry(), config.metricsAuth());
            return new EppServers(config, health, metrics);
        } catch (IOException | RuntimeException e) {
            health.shutdownNow();
            throw e;
        }
    }

    /** Starts the ext_proc listener; {@code tls} is its certificate, or null for plaintext (`--secure-serving=false`). */
    public void startExtProc(ExtProcService extProcService, TlsCertificates.KeyAndChain tls) throws IOException, GeneralSecurityException {
        // The ext_proc handler never blocks (snapshots, CPU-only scheduling, non-blocking metrics
        // and spans), so it runs on the transport threads: bench/epp-load measured half the CPU
        // per request and twice the req/s of gRPC's default hand-off to a cached thread pool.
        var extProcBuilder = Grpc.newServerBuilderForPort(config.grpcPort(), credentials(tls))
                .directExecutor()
                .addService(extProcService.definition());
        if (config.healthChecking()) {
            var statuses = new HealthStatusManager();
            statuses.setStatus(HealthService.EXT_PROC_SERVICE, ServingStatus.SERVING);
            extProcBuilder.addService(statuses.getHealthService());
        }
        extProc = extProcBuilder.build().start();
    }

    private static ServerCredentials credentials(TlsCertificates.KeyAndChain tls) throws GeneralSecurityException, IOException {
        if (tls == null) {
            return InsecureServerCredentials.create();
        }
        return tls.serverCredentials();
    }

    /** The ext_proc port, or -1 before {@link #startExtProc}. */
    public int grpcPort() {
        Server server = extProc;
        return server == null ? -1 : server.getPort();
    }

    public int healthPort() {
        return health.getPort();
    }

    public int metricsPort() {
        return metrics.port();
    }

    /**
     * Stops taking ext_proc streams: a new stream is refused with UNAVAILABLE (and Envoy's connection
     * gets a GOAWAY), the open ones go on. Health and /metrics keep answering.
     */
    public void stopAcceptingStreams() {
        if (extProc != null) {
            extProc.shutdown();
        }
    }

    /**
     * Waits until every open ext_proc stream has ended or the deadline has passed, then cancels
     * what is still open.
     *
     * @return true if every stream ended by itself
     */
    public boolean awaitStreamsEnded(Duration deadline) throws InterruptedException {
        Server extProc = this.extProc;
        if (extProc == null) {
            return true;
        }
        extProc.shutdown();
        if (extProc.awaitTermination(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        extProc.shutdownNow();
        extProc.awaitTermination(5, TimeUnit.SECONDS);
        return false;
    }

    /** Cuts whatever is still open and stops all three listeners. */
    @Override
    public void close() {
        Server extProc = this.extProc;
        if (extProc != null) {
            extProc.shutdownNow();
        }
        health.shutdown();
        metrics.close();
        try {
            if (extProc != null) {
                extProc.awaitTermination(5, TimeUnit.SECONDS);
            }
            health.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            health.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
