package epp.server;

import com.sun.net.httpserver.Authenticator;
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
import java.time.Duration;
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
    private Thread starter;
    private static final Duration MAX_START_BACKOFF = Duration.ofSeconds(30);

    @Override
    public Datastore createDatastore(EppConfig config) throws Exception {
        logUnscrapedMetrics(config.scrape());
        // No retries inside the client: a start that cannot reach the API says why at once, and
        // startDatastore retries with its own backoff (informers re-watch on their own).
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(kubeConfig(config.kubeconfig()))
                .withRequestRetryBackoffLimit(0).build()).build();
        var pool = config.pool();
        var datastore = new KubernetesDatastore(client, pool.name(), pool.namespace(), pool.group());
        scraper = new MetricsScraper(config.scrape());
        datastore.addListener(scraper);
        return datastore;
    }

    /**
     * Watches the pool. When the API server cannot be reached the EPP does not exit: it says why
     * (the URL and the refused connection, the timeout, the TLS failure), serves NOT_SERVING, and
     * keeps trying with a doubling backoff up to 30 s, as a controller does. Other failures (CRD
     * missing, RBAC) fail the start.
     */
    @Override
    public void startDatastore(Datastore datastore) throws Exception {
        var kubernetes = (KubernetesDatastore) datastore;
        try {
            kubernetes.start();
        } catch (KubernetesDatastore.ApiUnreachableException e) {
            Log.error("Cannot reach the Kubernetes API: health stays NOT_SERVING, retrying", e, "retryIn", "1s");
            starter = new Thread(() -> keepStarting(kubernetes), "epp-datastore-start");
            starter.setDaemon(true);
            starter.start();
        }
    }

    private void keepStarting(KubernetesDatastore datastore) {
        Duration wait = Duration.ofSeconds(1);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(wait.toMillis());
                datastore.start();
                Log.info("Kubernetes API reached: watching the pool", "apiServer", String.valueOf(client.getMasterUrl()));
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                wait = wait.multipliedBy(2).compareTo(MAX_START_BACKOFF) > 0 ? MAX_START_BACKOFF : wait.multipliedBy(2);
                Log.error("Cannot watch the pool yet: health stays NOT_SERVING, retrying", e, "retryIn", wait.toSeconds() + "s");
            }
        }
    }

    private static void logUnscrapedMetrics(ScrapeConfig scrape) {
        if (scrape.queuedRequests().isEmpty()) {
            Log.info("Not scraping metric: TotalQueuedRequestsMetricName");
        }
        if (scrape.kvCacheUsage().isEmpty()) {
            Log.info("Not scraping metric: KVCacheUsagePercentageMetricName");
        }
        if (scrape.loraInfo().isEmpty()) {
            Log.info("Not scraping metric: LoraRequestInfoMetricName");
        }
        if (scrape.cacheInfo().isEmpty()) {
            Log.info("Not scraping metric: CacheConfigInfoMetricName");
        }
    }

    /** `--kubeconfig` if given, else fabric8's resolution: KUBECONFIG, in-cluster account, ~/.kube/config. */
    private static Config kubeConfig(String kubeconfig) {
        if (kubeconfig.isEmpty()) {
            return Config.autoConfigure(null);
        }
        var file = new java.io.File(kubeconfig);
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
    public BooleanSupplier startLeaderElection(EppConfig config) {
        election = LeaderElection.start(client, config.pool().namespace(), config.pool().name());
        return election;
    }

    @Override
    public void releaseLeadership() {
        if (election != null) {
            election.close();
        }
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
        if (starter != null) {
            starter.interrupt();
        }
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
