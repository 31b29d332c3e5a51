package epp.server;

import com.sun.net.httpserver.Authenticator;
import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.datastore.KubernetesDatastore;
import epp.logging.Log;
import epp.metrics.MetricsScraper;
import epp.metrics.ScrapeConfig;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.config.SchedulerLoader;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The production backends: a fabric8 client (kube config from `--kubeconfig`, else `KUBECONFIG`,
 * in-cluster, `~/.kube/config`), the Kubernetes datastore with its metrics scraper, the scheduler
 * from the EndpointPickerConfig, Lease leader election and TokenReview/SubjectAccessReview auth.
 */
public final class KubernetesBackends implements Backends {
    private KubernetesClient client;
    private MetricsScraper scraper;
    private LeaderElection election;

    @Override
    public Datastore createDatastore(EppFlags flags, String namespace) throws Exception {
        logUnscrapedMetrics(flags);
        ScrapeConfig scrape = ScrapeConfig.fromFlags(flags.totalQueuedRequestsMetric, flags.kvCacheUsagePercentageMetric,
                flags.loraInfoMetric, flags.cacheInfoMetric, flags.refreshMetricsInterval, flags.modelServerMetricsPort,
                flags.modelServerMetricsPath, flags.modelServerMetricsScheme, flags.modelServerMetricsHttpsInsecureSkipVerify);
        client = new KubernetesClientBuilder().withConfig(kubeConfig(flags)).build();
        var datastore = new KubernetesDatastore(client, flags.poolName, namespace, flags.poolGroup);
        scraper = new MetricsScraper(scrape);
        datastore.addListener(scraper);
        return datastore;
    }

    @Override
    public void startDatastore(Datastore datastore) throws Exception {
        ((KubernetesDatastore) datastore).start();
    }

    private static void logUnscrapedMetrics(EppFlags flags) {
        if (flags.totalQueuedRequestsMetric.isEmpty()) {
            Log.info("Not scraping metric: TotalQueuedRequestsMetricName");
        }
        if (flags.kvCacheUsagePercentageMetric.isEmpty()) {
            Log.info("Not scraping metric: KVCacheUsagePercentageMetricName");
        }
        if (flags.loraInfoMetric.isEmpty()) {
            Log.info("Not scraping metric: LoraRequestInfoMetricName");
        }
        if (flags.cacheInfoMetric.isEmpty()) {
            Log.info("Not scraping metric: CacheConfigInfoMetricName");
        }
    }

    /** `--kubeconfig` if given, else fabric8's resolution: KUBECONFIG, in-cluster account, ~/.kube/config. */
    private static Config kubeConfig(EppFlags flags) {
        if (flags.kubeconfig.isEmpty()) {
            return Config.autoConfigure(null);
        }
        var file = new java.io.File(flags.kubeconfig);
        if (!file.canRead()) {
            throw new IllegalArgumentException("cannot read --kubeconfig " + file + ": no such readable file");
        }
        return Config.fromKubeconfig(file);
    }

    @Override
    public boolean poolSynced(Datastore datastore) {
        return ((KubernetesDatastore) datastore).poolSynced();
    }

    @Override
    public Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) throws Exception {
        return configText == null ? SchedulerLoader.defaultScheduler(datastore, observer)
                : SchedulerLoader.fromText(configText, datastore, observer);
    }

    @Override
    public BooleanSupplier startLeaderElection(EppFlags flags, String namespace) {
        election = LeaderElection.start(client, namespace, flags.poolName, () -> {
            Log.error("Leader lease lost, exiting so the replica restarts as a follower", null);
            new Thread(() -> System.exit(1), "epp-lease-lost").start();
        });
        return election;
    }

    @Override
    public Authenticator metricsAuthenticator() {
        // Reviews answer within the request: no client retries, upstream's 10 s timeout.
        KubernetesClient reviews = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(10_000).build()).build();
        return new KubernetesMetricsAuthenticator(reviews, Clock.systemUTC());
    }

    @Override
    public void close(Datastore datastore) {
        if (election != null) {
            election.close();
        }
        if (scraper != null) {
            scraper.close();
        }
        Backends.super.close(datastore);
        if (client != null) {
            client.close();
        }
    }
}
