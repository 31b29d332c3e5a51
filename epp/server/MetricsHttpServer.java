package epp.server;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * The EPP's HTTP `/metrics` (epp.md §7.4): Prometheus text as Go's promhttp serves it, numbers in
 * Go's form ({@link GoExposition}), gzip when asked; every path behind the authenticator when
 * `--metrics-endpoint-auth` is on. Other paths answer Go's `404 page not found`.
 */
final class MetricsHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param authenticator null for no authentication */
    static MetricsHttpServer start(int port, PrometheusRegistry registry, Authenticator authenticator) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        var context = server.createContext("/", exchange -> handle(exchange, registry));
        if (authenticator != null) {
            context.setAuthenticator(authenticator);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            var t = new Thread(r, "epp-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsHttpServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, PrometheusRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "404 page not found\n", false);
                return;
            }
            String text;
            try {
                var raw = new ByteArrayOutputStream(16 * 1024);
                PrometheusTextFormatWriter.create().write(raw, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
                text = GoExposition.rewrite(raw.toString(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain; charset=utf-8",
                        "An error has occurred while serving metrics:\n\n" + e.getMessage() + "\n", false);
                return;
            }
            String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8; escaping=underscores", text, gzip);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, boolean gzip) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(status, head ? -1 : 0);
            if (!head) {
                try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                    out.write(bytes);
                }
            }
        } else {
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
