package gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A model-server stand-in on one loopback address: `/metrics` serves a settable vLLM exposition
 * (what the EPP scrapes), `/v1/completions` records what it received and answers JSON naming
 * itself, or, for `"stream":true`, SSE whose first event goes out at once and the rest only once
 * {@link #releaseStream()} is called.
 */
final class FakeModelServer implements AutoCloseable {
    /** One request as the model server received it. */
    record Received(String method, String path, String body, String contentLength, String transferEncoding) {}

    private static final int BIND_ATTEMPTS = 10;

    private final String name;
    private final HttpServer server;
    private final AtomicReference<String> exposition = new AtomicReference<>("");
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> streamGate = new CompletableFuture<>();

    private FakeModelServer(Vertx vertx, String name, String address, int port) throws Exception {
        this.name = name;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(port, address).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One server per address, all on the same free port (a pool has one target port). */
    static List<FakeModelServer> onOnePort(Vertx vertx, List<String> names, List<String> addresses) throws Exception {
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            List<FakeModelServer> servers = new ArrayList<>();
            try {
                servers.add(new FakeModelServer(vertx, names.get(0), addresses.get(0), 0));
                for (int i = 1; i < addresses.size(); i++) {
                    servers.add(new FakeModelServer(vertx, names.get(i), addresses.get(i), servers.get(0).port()));
                }
                return servers;
            } catch (java.util.concurrent.ExecutionException e) {
                servers.forEach(FakeModelServer::close);
                if (!(e.getCause() instanceof BindException)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("no port free on all of " + addresses);
    }

    int port() {
        return server.actualPort();
    }

    void serveMetrics(String text) {
        exposition.set(text);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void releaseStream() {
        streamGate.complete(null);
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/metrics")) {
            request.response().putHeader("content-type", "text/plain; version=0.0.4").end(exposition.get());
            return;
        }
        request.body().onSuccess(body -> {
            received.add(new Received(request.method().name(), request.uri(), body.toString(),
                    request.getHeader("content-length"), request.getHeader("transfer-encoding")));
            if (body.toString().contains("\"stream\":true")) {
                var response = request.response().setChunked(true).putHeader("content-type", "text/event-stream");
                response.write("data: {\"choices\":[{\"text\":\"first\"}],\"served_by\":\"" + name + "\"}\n\n");
                var context = Vertx.currentContext();
                streamGate.whenComplete((v, e) -> context.runOnContext(x -> {
                    response.write("data: {\"choices\":[{\"text\":\"second\"}]}\n\n");
                    response.end("data: [DONE]\n\n");
                }));
            } else {
                request.response().putHeader("content-type", "application/json")
                        .end(Buffer.buffer("{\"served_by\":\"" + name + "\",\"received\":" + body.length() + "}"));
            }
        });
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("closing " + name, e);
        }
    }
}
