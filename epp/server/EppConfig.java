package epp.server;

import epp.metrics.ScrapeConfig;
import epp.requestcontrol.SaturationConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What the EPP runs with, already validated: the command line ({@code epp.cli.EppFlags}) builds it,
 * the runner and the backends only read it.
 *
 * @param pool           the InferencePool served
 * @param serving        the three listeners
 * @param scrape         how model servers are scraped
 * @param poolGauges     the `inference_pool_*` gauges' period and freshness window
 * @param plugins        the EndpointPickerConfig source
 * @param saturation     the saturation detector's thresholds (SD_* env)
 * @param leaderElection `--ha-enable-leader-election`
 * @param tracing        `--tracing`
 * @param kubeconfig     `--kubeconfig`, empty for fabric8's resolution
 * @param drainTimeout   how long open streams may run on after SIGTERM before they are cut
 */
public record EppConfig(
        Pool pool,
        Serving serving,
        ScrapeConfig scrape,
        PoolGauges poolGauges,
        Plugins plugins,
        SaturationConfig saturation,
        boolean leaderElection,
        boolean tracing,
        String kubeconfig,
        Duration drainTimeout) {

    public EppConfig {
        Objects.requireNonNull(pool);
        Objects.requireNonNull(serving);
        Objects.requireNonNull(scrape);
        Objects.requireNonNull(poolGauges);
        Objects.requireNonNull(plugins);
        Objects.requireNonNull(saturation);
        Objects.requireNonNull(kubeconfig);
        Objects.requireNonNull(drainTimeout);
    }

    /** The pool: name, namespace (flag, else env NAMESPACE, else default) and API group. */
    public record Pool(String name, String namespace, String group) {}

    /**
     * The listeners: ports (0 = ephemeral), TLS (`--secure-serving`, `--cert-path`, empty for a
     * generated certificate), `--health-checking` on the ext_proc port, `--metrics-endpoint-auth`.
     */
    public record Serving(int grpcPort, int grpcHealthPort, int metricsPort, Tls tls, boolean healthOnGrpcPort,
                          boolean metricsAuth) {}

    /** TLS of the ext_proc port: {@code enabled=false} is plaintext; {@code certPath} empty generates a certificate. */
    public record Tls(boolean enabled, String certPath) {}

    /** `--refresh-prometheus-metrics-interval` and `--metrics-staleness-threshold`. */
    public record PoolGauges(Duration refreshInterval, Duration stalenessThreshold) {}

    /** `--config-text` or `--config-file` (at most one non-empty; both empty: the default profile). */
    public record Plugins(String configText, String configFile) {}
}
