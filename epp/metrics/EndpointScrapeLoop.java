package epp.metrics;

import epp.datastore.Endpoint;
import epp.logging.Log;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes one endpoint every interval (epp.md §4.4): the first scrape within one interval after
 * the endpoint appears, then one per interval on a fixed schedule, never two at a time. Like the
 * reference's Go ticker, a scrape that overruns its interval makes the next one start at once and
 * the ticks it missed are dropped; timers that fire late do not push the schedule back. A scrape has 5 s from the request to the end of the body. A failed scrape (transport
 * error, timeout, non-200, malformed body) changes nothing: the endpoint keeps its last snapshot,
 * which then ages (§4.5). The first failure after a success (or of a new endpoint) and the recovery
 * are logged once each; every failed attempt only at V(5).
 *
 * <p>Everything a loop does (timers, I/O callbacks, parsing) runs on the scraper's one event-loop
 * context, so its state needs no locks; only {@link #start} and {@link #stop} come from other threads.
 */
final class EndpointScrapeLoop {
    private final Endpoint endpoint;
    private final URI uri;
    private final RequestOptions request;
    private final long intervalNanos;
    private final long timeoutMillis;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final ExpositionParser parser;
    private final MetricsExtractor extractor;
    private final Clock clock;
    private final BodyBuffer body = new BodyBuffer();
    private final ScrapeCounters counters;
    private volatile boolean stopped;
    private long nextTimer = -1;
    /** When the next scrape is due ({@link System#nanoTime()} scale). */
    private long nextTick;
    /** Failed scrapes since the last success. */
    private int failuresInARow;

    EndpointScrapeLoop(Endpoint endpoint, ScrapeConfig config, Duration timeout, Vertx vertx, Context context,
                       HttpClient client, ExpositionParser parser, MetricsExtractor extractor, Clock clock,
                       ScrapeCounters counters) {
        this.endpoint = endpoint;
        this.uri = uri(endpoint, config);
        this.request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString());
        this.intervalNanos = config.interval().toNanos();
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.parser = parser;
        this.extractor = extractor;
        this.clock = clock;
        this.counters = counters;
    }

    static URI uri(Endpoint endpoint, ScrapeConfig config) {
        int port = config.port() != 0 ? config.port() : endpoint.port();
        String host = endpoint.address().indexOf(':') >= 0 ? "[" + endpoint.address() + "]" : endpoint.address();
        return URI.create(config.scheme() + "://" + host + ":" + port + config.path());
    }

    /**
     * The first scrape comes at a random point of the first interval (the reference waits exactly
     * one interval): endpoints added together, as at start-up, would otherwise all be scraped at
     * the same instants forever, in bursts.
     */
    void start() {
        context.runOnContext(v -> {
            nextTick = System.nanoTime() + 1 + ThreadLocalRandom.current().nextLong(intervalNanos);
            schedule();
        });
    }

    /** No scrape starts after this; one in flight finishes but is not applied. */
    void stop() {
        stopped = true;
        context.runOnContext(v -> vertx.cancelTimer(nextTimer));
    }

    private void schedule() {
        if (!stopped) {
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime() + 500_000));
            nextTimer = vertx.setTimer(millis, id -> {
                if (!stopped) {
                    new Scrape().begin();
                }
            });
        }
    }

    /** One request, from sending it to applying or dropping its body; ends exactly once. */
    private final class Scrape {
        private long timeoutTimer;
        private HttpClientRequest sent;
        private boolean ended;

        void begin() {
            body.clear();
            timeoutTimer = vertx.setTimer(timeoutMillis, id -> timedOut());
            client.request(request).onComplete(this::send);
        }

        private void send(AsyncResult<HttpClientRequest> created) {
            if (created.failed()) {
                end(created.cause());
            } else if (ended) {
                created.result().reset();
            } else {
                sent = created.result();
                sent.send().onComplete(this::receive);
            }
        }

        private void receive(AsyncResult<HttpClientResponse> answered) {
            if (answered.failed()) {
                end(answered.cause());
                return;
            }
            HttpClientResponse response = answered.result();
            boolean ok = response.statusCode() == 200;
            response.exceptionHandler(this::end);
            response.handler(chunk -> {
                if (ok && !ended) {
                    try {
                        body.append(chunk);
                    } catch (IOException tooLarge) {
                        sent.reset();
                        end(tooLarge);
                    }
                }
            });
            // A non-200 body is read to its end (and dropped) so the connection can be reused.
            response.endHandler(v -> end(ok ? null : "HTTP status " + response.statusCode()));
        }

        private void timedOut() {
            if (!ended) {
                String why = "no complete answer within " + timeoutMillis + " ms (" + body.length() + " body bytes)";
                if (sent != null) {
                    sent.reset(0, new TimeoutException(why));
                }
                end(why);
            }
        }

        /** @param failure null when the body arrived whole with status 200 */
        private void end(Object failure) {
            if (ended) {
                return;
            }
            ended = true;
            vertx.cancelTimer(timeoutTimer);
            if (failure == null) {
                apply();
            } else {
                fail(failure);
            }
            nextTick += intervalNanos;
            long now = System.nanoTime();
            if (nextTick < now) {
                nextTick += (now - nextTick) / intervalNanos * intervalNanos;
            }
            schedule();
        }
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
        if (failuresInARow > 0) {
            Log.info("Metrics refresh recovered", "pod", endpoint.id().toString(), "url", uri.toString(), "failedScrapes", failuresInARow);
            failuresInARow = 0;
        }
        if (!result.errors().isEmpty()) {
            Log.v(Log.TRACE, "Partial metrics", "pod", endpoint.id().toString(), "errors", result.errors().toString());
        }
    }

    private void fail(Object why) {
        counters.failed();
        if (stopped) {
            return;
        }
        String error = why instanceof Throwable t && t.getMessage() != null ? t.getMessage() : String.valueOf(why);
        if (failuresInARow++ == 0) {
            Log.warn("Failed to refresh metrics", "pod", endpoint.id().toString(), "url", uri.toString(), "error", error);
        } else {
            Log.v(Log.TRACE, "Failed to refresh metrics", "pod", endpoint.id().toString(), "url", uri.toString(), "error", error);
        }
    }
}
