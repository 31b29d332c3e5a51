package epp.server;

import epp.datastore.Datastore;
import epp.handlers.ExtProcService;
import epp.logging.Log;
import epp.requestcontrol.Director;
import epp.requestcontrol.LegacyAdmission;
import epp.requestcontrol.SaturationDetector;
import epp.scheduling.Scheduler;
import epp.tracing.Tracing;
import epp.tracing.TracingSchedulingObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The EPP's start-up sequence (epp.md §1.4) on its configuration: datastore, metrics, scheduler,
 * director, then the servers; runs until {@link #close()} (after SIGTERM).
 *
 * <p>Stopping (issue 12: Kubernetes sends SIGTERM, then SIGKILL after the pod's grace period):
 * readiness turns NOT_SERVING and the Lease is released first, so a standby takes over at once;
 * the ext_proc server refuses new streams while the open ones run on, up to the drain timeout;
 * then whatever is left is cancelled and everything else stops.
 */
public final class EppRunner implements AutoCloseable {
    public static final String COMMIT = System.getProperty("epp.commit", "");
    public static final String BUILD_REF = System.getProperty("epp.buildRef", "");

    private final Backends backends;
    private Datastore datastore;
    private EppServers servers;
    private ScheduledExecutorService gauges;
    private Tracing tracing = Tracing.disabled();
    private HealthService health;
    private Duration drainTimeout = Duration.ZERO;
    private boolean stopping;
    private volatile boolean extProcStarted;

    public EppRunner(Backends backends) {
        this.backends = backends;
    }

    /** Starts everything; on failure whatever was started is stopped and the error propagates. */
    public EppServers start(EppConfig config, Map<String, String> env) throws Exception {
        try {
            return startAll(config, env);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private EppServers startAll(EppConfig config, Map<String, String> env) throws Exception {
        drainTimeout = config.drainTimeout();
        // First, as it is the slowest step: the default RSA-4096 key takes seconds to generate, and
        // runs beside the rest of the start-up, informer sync included.
        CompletableFuture<TlsCertificates.KeyAndChain> tls = tlsCertificate(config.serving().tls());
        tracing = config.tracing() ? Tracing.fromEnv(env, BUILD_REF) : Tracing.disabled();
        String configText = configText(config.plugins());

        var metrics = new EppMetrics(COMMIT, BUILD_REF);
        datastore = backends.createDatastore(config);
        Scheduler scheduler = backends.scheduler(configText, datastore, new TracingSchedulingObserver(metrics, tracing.tracer()));
        metrics.registerPerPodQueue(datastore);

        var director = new Director(datastore, scheduler, new LegacyAdmission(new SaturationDetector(config.saturation(), Clock.systemUTC())),
                tracing.tracer());
        var extProc = new ExtProcService(director, datastore, metrics, tracing);
        Datastore ds = datastore;
        var leader = config.leaderElection() ? backends.startLeaderElection(config) : null;
        health = new HealthService(() -> extProcStarted && backends.poolSynced(ds), config.leaderElection(), leader);
        var serving = config.serving();
        var listeners = new EppServers.Config(serving.grpcPort(), serving.grpcHealthPort(), serving.metricsPort(),
                serving.healthOnGrpcPort(), serving.metricsAuth() ? backends.metricsAuthenticator() : null);
        // Health first, like upstream's manager: it answers NOT_SERVING until the pool is synced and
        // the ext_proc listener is up.
        servers = EppServers.start(listeners, health, metrics);
        backends.startDatastore(datastore);
        TlsCertificates.KeyAndChain certificate = await(tls);
        servers.startExtProc(extProc, certificate);
        extProcStarted = true;

        startPoolGauges(metrics, config.poolGauges());
        Log.info("EPP serving", "grpcPort", servers.grpcPort(), "grpcHealthPort", servers.healthPort(),
                "metricsPort", servers.metricsPort(), "secureServing", certificate != null);
        return servers;
    }

    /** The listeners, once start has started the first of them (for tests of the start-up order). */
    EppServers servers() {
        return servers;
    }

    /**
     * The ext_proc certificate: none (a null result) with --secure-serving=false, --cert-path's
     * (read now, so a bad file fails the start at once), or a generated one, on its own thread.
     */
    private static CompletableFuture<TlsCertificates.KeyAndChain> tlsCertificate(EppConfig.Tls tls) throws Exception {
        if (!tls.enabled()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!tls.certPath().isEmpty()) {
            return CompletableFuture.completedFuture(TlsCertificates.fromDirectory(Path.of(tls.certPath())));
        }
        var generated = new CompletableFuture<TlsCertificates.KeyAndChain>();
        var thread = new Thread(() -> {
            try {
                generated.complete(TlsCertificates.selfSigned());
            } catch (Throwable e) {
                generated.completeExceptionally(e);
            }
        }, "epp-tls-key");
        thread.setDaemon(true); // a start that fails meanwhile does not wait for it
        thread.start();
        return generated;
    }

    private static TlsCertificates.KeyAndChain await(CompletableFuture<TlsCertificates.KeyAndChain> tls) throws Exception {
        try {
            return tls.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Recomputes the `inference_pool_*` gauges every --refresh-prometheus-metrics-interval. */
    private void startPoolGauges(EppMetrics metrics, EppConfig.PoolGauges poolGauges) {
        Datastore ds = datastore;
        gauges = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "epp-pool-gauges");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, poolGauges.refreshInterval().toMillis());
        gauges.scheduleAtFixedRate(() -> metrics.refreshPoolGauges(ds, poolGauges.stalenessThreshold(), Clock.systemUTC().instant()),
                period, period, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        Log.info("Draining open ext_proc streams", "drainTimeoutSeconds", drainTimeout.toMillis() / 1000.0);
        try {
            if (servers.awaitStreamsEnded(drainTimeout)) {
                Log.info("All ext_proc streams ended");
            } else {
                Log.warn("Drain timeout passed: cancelled the ext_proc streams still open", "drainTimeoutSeconds", drainTimeout.toMillis() / 1000.0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configuration text of --config-text or --config-file, or null for the default profile. */
    private static String configText(EppConfig.Plugins plugins) throws java.io.IOException {
        if (!plugins.configText().isEmpty()) {
            return plugins.configText();
        }
        if (!plugins.configFile().isEmpty()) {
            Path file = Path.of(plugins.configFile());
            if (!Files.isReadable(file)) {
                throw new java.io.FileNotFoundException("cannot read --config-file " + file + ": no such readable file");
            }
            return Files.readString(file);
        }
        Log.info("No --config-file or --config-text: using the default scheduling profile (queue, kv-cache and prefix-cache scorers)");
        return null;
    }

    /**
     * The first half of a stop, returning at once: readiness NOT_SERVING, the Lease released, new
     * ext_proc streams refused; open streams go on until {@link #close()}'s drain deadline.
     */
    public synchronized void stopAccepting() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (health != null) {
            health.stopServing();
        }
        backends.releaseLeadership();
        if (servers != null) {
            servers.stopAcceptingStreams();
        }
    }

    /** Stops accepting, lets open streams end up to the drain timeout, then stops everything. */
    @Override
    public void close() {
        stopAccepting();
        if (servers != null) {
            drain();
        }
        if (gauges != null) {
            gauges.shutdownNow();
        }
        if (servers != null) {
            servers.close();
        }
        if (datastore != null) {
            backends.close(datastore);
        }
        tracing.close();
    }
}
