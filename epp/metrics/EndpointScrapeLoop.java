package epp.metrics;

import epp.datastore.Endpoint;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes one endpoint every interval (epp.md §4.4): the first scrape within one interval after
 * the endpoint appears, then one per interval measured from the start of the previous one, never
 * two at a time. A scrape has 5 s from the request to the end of the body. A failed scrape (transport
 * error, timeout, non-200, malformed body) changes nothing: the endpoint keeps its last snapshot,
 * which then ages (§4.5).
 *
 * <p>The scheduler only hands each tick to a worker, which uses the client's blocking `send`: the
 * JDK's `sendAsync` completes every response on the default CompletableFuture executor, which on
 * a machine or container with 2 CPUs or fewer starts a new thread per response.
 */
final class EndpointScrapeLoop {
    private static final System.Logger LOG = System.getLogger("epp.metrics.scrape");

    private final Endpoint endpoint;
    private final HttpRequest request;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final ExpositionParser parser;
    private final MetricsExtractor extractor;
    private final Clock clock;
    private final BodyBuffer body = new BodyBuffer();
    private final ScrapeCounters counters;
    private volatile boolean stopped;
    private ScheduledFuture<?> next;

    EndpointScrapeLoop(Endpoint endpoint, ScrapeConfig config, Duration timeout, HttpClient client,
                       ScheduledExecutorService scheduler, Executor workers, ExpositionParser parser,
                       MetricsExtractor extractor, Clock clock, ScrapeCounters counters) {
        this.endpoint = endpoint;
        this.intervalNanos = config.interval().toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.client = client;
        this.scheduler = scheduler;
        this.workers = workers;
        this.parser = parser;
        this.extractor = extractor;
        this.clock = clock;
        this.counters = counters;
        this.request = HttpRequest.newBuilder(uri(endpoint, config)).timeout(timeout).GET().build();
    }

    static URI uri(Endpoint endpoint, ScrapeConfig config) {
        int port = config.port() != 0 ? config.port() : endpoint.port();
        String host = endpoint.address().indexOf(':') >= 0 ? "[" + endpoint.address() + "]" : endpoint.address();
        return URI.create(config.scheme() + "://" + host + ":" + port + config.path());
    }

    /**
     * The first scrape comes at a random point of the first interval (the reference waits exactly
     * one interval): endpoints added together, as at start-up, would otherwise all be scraped at
     * the same instants forever, needing a worker thread each and competing for the CPU.
     */
    synchronized void start() {
        schedule(1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(intervalNanos));
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private synchronized void schedule(long delayNanos) {
        if (!stopped) {
            next = scheduler.schedule(() -> workers.execute(this::scrape), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void scrape() {
        if (stopped) {
            return;
        }
        long start = System.nanoTime();
        try {
            HttpResponse<BodyBuffer> response = client.send(request, info -> body.subscriber());
            body.awaitBody(start + timeoutNanos);
            if (response.statusCode() == 200) {
                apply();
            } else {
                fail("HTTP status " + response.statusCode());
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.io.IOException | RuntimeException e) {
            fail(e);
        }
        schedule(Math.max(0, start + intervalNanos - System.nanoTime()));
    }

    private void apply() {
        Exposition exposition;
        try {
            exposition = parser.parse(body.bytes(), body.length());
        } catch (ExpositionParser.MalformedExpositionException e) {
            fail("malformed exposition: " + e.getMessage());
            return;
        }
        if (stopped) {
            return;
        }
        MetricsExtractor.Result result = extractor.extract(exposition, endpoint.metrics(), clock.instant());
        endpoint.updateMetrics(result.metrics());
        counters.succeeded();
        if (!result.errors().isEmpty() && LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "Partial metrics of {0}: {1}", endpoint, result.errors());
        }
    }

    private void fail(Object why) {
        counters.failed();
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "Scraping {0} at {1} failed: {2}", endpoint, request.uri(), why);
        }
    }
}
