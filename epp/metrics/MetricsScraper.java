package epp.metrics;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps every endpoint's metrics snapshot fresh (epp.md §4.4): one scrape loop per endpoint of the
 * datastore, started when the endpoint appears and stopped when it goes. All loops share one
 * Vert.x event-loop thread and one HTTP client on it: their timers, the I/O and the parsing of the
 * bodies (about 20 us for a 52 KB vLLM exposition) all run there, without blocking, so slow or
 * hanging servers cost no threads.
 *
 * <p>Use: {@code datastore.addListener(scraper)}; close it on shutdown.
 */
public final class MetricsScraper implements Datastore.EndpointListener, AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ScrapeConfig config;
    private final Clock clock;
    private final Duration timeout;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final ExpositionParser parser;
    private final MetricsExtractor extractor;
    private final Map<Endpoint, EndpointScrapeLoop> loops = new ConcurrentHashMap<>();
    private final ScrapeCounters counters = new ScrapeCounters();
    private volatile boolean closed;

    public MetricsScraper(ScrapeConfig config) {
        this(config, Clock.systemUTC(), ScrapeHttpClient.TIMEOUT);
    }

    /**
     * @param clock   stamps each snapshot's update time
     * @param timeout for one scrape, from the request to the end of the body (the reference: 5 s)
     */
    public MetricsScraper(ScrapeConfig config, Clock clock, Duration timeout) {
        this.config = config;
        this.clock = clock;
        this.timeout = timeout;
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // No files are served: nothing to cache under a temporary directory.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.context = vertx.getOrCreateContext();
        this.client = ScrapeHttpClient.create(vertx, config, timeout);
        this.extractor = new MetricsExtractor(config);
        this.parser = new ExpositionParser(extractor.familyNames());
    }

    @Override
    public void endpointAdded(Endpoint endpoint) {
        if (closed) {
            return;
        }
        EndpointScrapeLoop loop = new EndpointScrapeLoop(endpoint, config, timeout, vertx, context, client,
                parser, extractor, clock, counters);
        EndpointScrapeLoop previous = loops.put(endpoint, loop);
        if (previous != null) {
            previous.stop();
        }
        loop.start();
    }

    @Override
    public void endpointRemoved(Endpoint endpoint) {
        EndpointScrapeLoop loop = loops.remove(endpoint);
        if (loop != null) {
            loop.stop();
        }
    }

    /** Number of endpoints being scraped. */
    public int loopCount() {
        return loops.size();
    }

    public ScrapeCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        closed = true;
        loops.values().forEach(EndpointScrapeLoop::stop);
        loops.clear();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            epp.logging.Log.warn("The metrics scraper's event loop did not stop cleanly", "error", e.toString());
        }
    }
}
