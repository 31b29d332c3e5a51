package epp.metrics;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every endpoint's metrics snapshot fresh (epp.md §4.4): one scrape loop per endpoint of the
 * datastore, started when the endpoint appears and stopped when it goes. All loops share one
 * scheduler thread, one HTTP client (whose selector thread does all its I/O) and a pool of worker
 * threads that grows only while scrapes are slow (a few threads when servers answer in
 * milliseconds; at most one per endpoint when every server hangs until the 5 s timeout).
 *
 * <p>Use: {@code datastore.addListener(scraper)}; close it on shutdown.
 */
public final class MetricsScraper implements Datastore.EndpointListener, AutoCloseable {
    private final ScrapeConfig config;
    private final Clock clock;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final java.net.http.HttpClient client;
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
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("epp-metrics-scheduler"));
        this.workers = Executors.newCachedThreadPool(daemon("epp-metrics-scrape"));
        this.client = ScrapeHttpClient.create(config, timeout);
        this.extractor = new MetricsExtractor(config);
        this.parser = new ExpositionParser(extractor.familyNames());
    }

    @Override
    public void endpointAdded(Endpoint endpoint) {
        if (closed) {
            return;
        }
        EndpointScrapeLoop loop = new EndpointScrapeLoop(endpoint, config, timeout, client, scheduler, workers,
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
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
