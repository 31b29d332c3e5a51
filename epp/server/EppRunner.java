package epp.server;

import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.handlers.ExtProcService;
import epp.logging.Log;
import epp.requestcontrol.Director;
import epp.requestcontrol.LegacyAdmission;
import epp.requestcontrol.SaturationConfig;
import epp.requestcontrol.SaturationDetector;
import epp.scheduling.Scheduler;
import epp.tracing.Tracing;
import epp.tracing.TracingSchedulingObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The EPP's start-up sequence (epp.md §1.4) on validated flags: datastore, metrics, scheduler,
 * director, then the servers; runs until {@link #close()} (a shutdown hook on SIGTERM).
 */
public final class EppRunner implements AutoCloseable {
    public static final String COMMIT = System.getProperty("epp.commit", "");
    public static final String BUILD_REF = System.getProperty("epp.buildRef", "");

    private final Backends backends;
    private Datastore datastore;
    private EppServers servers;
    private ScheduledExecutorService gauges;
    private Tracing tracing = Tracing.disabled();

    public EppRunner(Backends backends) {
        this.backends = backends;
    }

    /** Starts everything; on failure whatever was started is stopped and the error propagates. */
    public EppServers start(EppFlags flags, Map<String, String> env) throws Exception {
        try {
            return startAll(flags, env);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private EppServers startAll(EppFlags flags, Map<String, String> env) throws Exception {
        tracing = flags.tracing ? Tracing.fromEnv(env, BUILD_REF) : Tracing.disabled();
        String configText = configText(flags);
        warnIfEnabled(env, "ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER", "flow control is not implemented; using legacy admission (§6.2)");
        warnIfEnabled(env, "ENABLE_EXPERIMENTAL_DATALAYER_V2", "there is one data layer; scraping works as documented in §4.4");
        var saturation = SaturationConfig.fromEnv(env);
        String namespace = flags.resolvedNamespace(env);

        var metrics = new EppMetrics(COMMIT, BUILD_REF);
        datastore = backends.createDatastore(flags, namespace);
        Scheduler scheduler = backends.scheduler(configText, datastore, new TracingSchedulingObserver(metrics, tracing.tracer()));
        metrics.registerPerPodQueue(datastore);

        var director = new Director(datastore, scheduler, new LegacyAdmission(new SaturationDetector(saturation, Clock.systemUTC())),
                tracing.tracer());
        var extProc = new ExtProcService(director, datastore, metrics, tracing);
        Datastore ds = datastore;
        var leader = flags.haEnableLeaderElection ? backends.startLeaderElection(flags, namespace) : null;
        var health = new HealthService(() -> backends.poolSynced(ds), flags.haEnableLeaderElection, leader);
        var tls = tlsCertificate(flags);
        var config = new EppServers.Config(flags.grpcPort, flags.grpcHealthPort, flags.metricsPort, tls, flags.healthChecking,
                flags.metricsEndpointAuth ? backends.metricsAuthenticator() : null);
        servers = EppServers.start(config, extProc, health, metrics);
        // Serving first, like upstream's manager: health answers NOT_SERVING until the pool is synced.
        backends.startDatastore(datastore);

        startPoolGauges(metrics, flags);
        Log.info("EPP serving", "grpcPort", servers.grpcPort(), "grpcHealthPort", servers.healthPort(),
                "metricsPort", servers.metricsPort(), "secureServing", tls != null);
        return servers;
    }

    /** The ext_proc certificate: none with --secure-serving=false, else --cert-path's or a generated one. */
    private static TlsCertificates.KeyAndChain tlsCertificate(EppFlags flags) throws Exception {
        if (!flags.secureServing) {
            return null;
        }
        return flags.certPath.isEmpty() ? TlsCertificates.selfSigned() : TlsCertificates.fromDirectory(Path.of(flags.certPath));
    }

    /** Recomputes the `inference_pool_*` gauges every --refresh-prometheus-metrics-interval. */
    private void startPoolGauges(EppMetrics metrics, EppFlags flags) {
        Datastore ds = datastore;
        gauges = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "epp-pool-gauges");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, flags.refreshPrometheusMetricsInterval.toMillis());
        gauges.scheduleAtFixedRate(() -> metrics.refreshPoolGauges(ds, flags.metricsStalenessThreshold, Clock.systemUTC().instant()),
                period, period, TimeUnit.MILLISECONDS);
    }

    private static void warnIfEnabled(Map<String, String> env, String name, String consequence) {
        String value = env.get(name);
        if (value != null && epp.cli.GoBool.parse(value).orElse(false)) {
            Log.warn(name + " is set but " + consequence, "name", name, "value", value);
        }
    }

    /** The configuration text of --config-text or --config-file, or null for the default profile. */
    private static String configText(EppFlags flags) throws java.io.IOException {
        if (!flags.configText.isEmpty()) {
            return flags.configText;
        }
        if (!flags.configFile.isEmpty()) {
            Path file = Path.of(flags.configFile);
            if (!Files.isReadable(file)) {
                throw new java.io.FileNotFoundException("cannot read --config-file " + file + ": no such readable file");
            }
            return Files.readString(file);
        }
        Log.info("No --config-file or --config-text: using the default scheduling profile (queue, kv-cache and prefix-cache scorers)");
        return null;
    }

    @Override
    public void close() {
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
