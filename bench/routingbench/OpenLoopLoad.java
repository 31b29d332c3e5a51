package bench.routingbench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop load generator: Poisson arrivals at a fixed rate (seeded: the same seed gives the
 * same arrival times and the same requests), each a streamed {@code /v1/completions} request over
 * HTTP/1.1; a request never waits for another (as many connections as requests in flight). On one
 * Vert.x event loop, so the generator itself costs little CPU. Client-side measures: time to the
 * first streamed token, to the end of the stream, output tokens (the usage chunk), errors.
 */
public final class OpenLoopLoad implements AutoCloseable {
    /** The start of a stage not counted for throughput: the pool reaches its steady state for the rate. */
    static final double STEADY_SKIP = 0.25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final Duration requestTimeout;

    public OpenLoopLoad(Duration requestTimeout) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(4096));
        this.requestTimeout = requestTimeout;
    }

    /** Sends {@code rate} requests/s for {@code duration} from {@code workload} to the gateway, waits for every answer. */
    public StageResult run(String gatewayUrl, Workload workload, double rate, Duration duration, long seed) throws Exception {
        URI gateway = URI.create(gatewayUrl);
        List<Arrival> schedule = schedule(workload, rate, duration, seed);
        StageResult result = new StageResult(rate, duration.toNanos() / 1e9);
        long durationNanos = duration.toNanos();
        long windowStart = Math.round(durationNanos * STEADY_SKIP);
        result.windowSeconds = (durationNanos - windowStart) / 1e9;
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            long start = System.nanoTime() + 50_000_000L;
            Stage stage = new Stage(result, gateway, start, start + windowStart, start + durationNanos, schedule.size(), done);
            for (Arrival arrival : schedule) {
                long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(start + arrival.offsetNanos - System.nanoTime()));
                vertx.setTimer(delayMillis, id -> stage.send(arrival));
            }
            if (schedule.isEmpty()) {
                done.complete(null);
            }
        });
        done.get(durationNanos + requestTimeout.toNanos() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
        // The arrivals that the window's completions answer: those due one median latency earlier.
        long lag = Math.round(result.e2eMillis(50) * 1e6);
        long dueFrom = Math.max(0, windowStart - lag);
        long dueTo = Math.max(dueFrom, durationNanos - lag);
        for (Arrival arrival : schedule) {
            if (arrival.offsetNanos >= dueFrom && arrival.offsetNanos < dueTo) {
                result.dueInWindow++;
            }
        }
        result.dueWindowSeconds = (dueTo - dueFrom) / 1e9;
        return result;
    }

    private record Arrival(long offsetNanos, Buffer body) {
    }

    private record Timed(long offsetNanos, CompletionRequest request) {
    }

    /** The whole stage's arrivals and bodies, made before it starts so making them does not delay sends. */
    private static List<Arrival> schedule(Workload workload, double rate, Duration duration, long seed) {
        return timed(workload, rate, duration, seed).stream().map(t -> new Arrival(t.offsetNanos(), body(t.request()))).toList();
    }

    /** The requests {@link #run} sends for the same arguments, in arrival order. */
    static List<CompletionRequest> requests(Workload workload, double rate, Duration duration, long seed) {
        return timed(workload, rate, duration, seed).stream().map(Timed::request).toList();
    }

    private static List<Timed> timed(Workload workload, double rate, Duration duration, long seed) {
        Random arrivals = new Random(seed);
        Random requests = new Random(seed * 31 + 17);
        List<Timed> schedule = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - arrivals.nextDouble()) / rate;
            long offset = Math.round(t * 1e9);
            if (offset >= duration.toNanos()) {
                return schedule;
            }
            schedule.add(new Timed(offset, workload.next(requests)));
        }
    }

    private static Buffer body(CompletionRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        body.put("max_tokens", request.maxTokens());
        body.put("ignore_eos", true);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One stage in flight; every method runs on the generator's event loop. */
    private final class Stage {
        final StageResult result;
        final URI gateway;
        final long start;
        final long windowStart;
        final long windowEnd;
        final CompletableFuture<Void> done;
        int outstanding;

        Stage(StageResult result, URI gateway, long start, long windowStart, long windowEnd, int total, CompletableFuture<Void> done) {
            this.result = result;
            this.gateway = gateway;
            this.start = start;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.outstanding = total;
            this.done = done;
        }

        void send(Arrival arrival) {
            long due = start + arrival.offsetNanos;
            result.sent++;
            Exchange exchange = new Exchange(due);
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(gateway.getHost())
                    .setPort(gateway.getPort()).setURI("/v1/completions").putHeader("content-type", "application/json")
                    .setIdleTimeout(requestTimeout.toMillis());
            client.request(options)
                    .compose(request -> request.send(arrival.body))
                    .onSuccess(response -> exchange.receive(response))
                    .onFailure(failure -> exchange.fail("request failed: " + failure.getMessage()));
        }

        /** One request's stream: finds SSE events, the first token, the usage chunk, [DONE]. */
        final class Exchange {
            final long due;
            final StringBuilder pending = new StringBuilder();
            long firstToken = -1;
            long usageTokens = -1;
            long contentChunks;
            boolean sawDone;
            boolean finished;

            Exchange(long due) {
                this.due = due;
            }

            void receive(HttpClientResponse response) {
                if (response.statusCode() != 200) {
                    response.body().onComplete(body -> fail("HTTP " + response.statusCode() + ": "
                            + (body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : body.cause().getMessage())));
                    return;
                }
                response.handler(this::chunk);
                response.exceptionHandler(e -> fail("stream failed: " + e.getMessage()));
                response.endHandler(v -> end());
            }

            void chunk(Buffer buffer) {
                pending.append(buffer.toString(StandardCharsets.UTF_8));
                int boundary;
                while ((boundary = pending.indexOf("\n\n")) >= 0) {
                    String event = pending.substring(0, boundary);
                    pending.delete(0, boundary + 2);
                    event(event);
                }
            }

            void event(String event) {
                if (!event.startsWith("data: ")) {
                    return;
                }
                String data = event.substring(6);
                if (data.equals("[DONE]")) {
                    sawDone = true;
                    return;
                }
                if (data.contains("\"choices\":[]")) {
                    int at = data.indexOf("\"completion_tokens\":");
                    if (at >= 0) {
                        int from = at + "\"completion_tokens\":".length();
                        int to = from;
                        while (to < data.length() && Character.isDigit(data.charAt(to))) {
                            to++;
                        }
                        usageTokens = Long.parseLong(data.substring(from, to));
                    }
                    return;
                }
                if (data.contains("\"text\":\"\"")) {
                    return; // the finish_reason chunk carries no token
                }
                long now = System.nanoTime();
                contentChunks++;
                if (firstToken < 0) {
                    firstToken = now;
                }
                if (now >= windowStart && now < windowEnd) {
                    result.tokensInWindow++;
                }
            }

            void end() {
                if (finished) {
                    return;
                }
                if (!sawDone || firstToken < 0) {
                    fail("stream ended without " + (firstToken < 0 ? "a token" : "[DONE]"));
                    return;
                }
                long now = System.nanoTime();
                long tokens = usageTokens >= 0 ? usageTokens : contentChunks;
                result.ttftMicros.recordValue(Math.max(0, (firstToken - due) / 1000));
                result.e2eMicros.recordValue(Math.max(0, (now - due) / 1000));
                result.completed++;
                result.outputTokens += tokens;
                if (now >= windowStart && now < windowEnd) {
                    result.completedInWindow++;
                }
                finish();
            }

            void fail(String error) {
                if (finished) {
                    return;
                }
                result.errors++;
                if (result.firstError == null) {
                    result.firstError = error;
                }
                finish();
            }

            void finish() {
                if (finished) {
                    return;
                }
                finished = true;
                if (--outstanding == 0) {
                    done.complete(null);
                }
            }
        }
    }

    /** GET a URL's body as text (the simulators' /metrics), waiting at most 10 s. */
    public String get(String url) throws Exception {
        URI uri = URI.create(url);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
                        .setURI(uri.getRawPath()))
                .compose(request -> request.send().compose(HttpClientResponse::body))
                .map(body -> body.toString(StandardCharsets.UTF_8))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at exit: nothing left to do
        }
    }
}
