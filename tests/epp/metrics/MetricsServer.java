package epp.metrics;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/** A model server stand-in for tests: serves a settable exposition at /metrics on one loopback address. */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();

    private MetricsServer(HttpServer server) {
        this.server = server;
        server.createContext("/metrics", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.get();
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    static MetricsServer http(String address, int port) throws IOException {
        return new MetricsServer(HttpServer.create(new InetSocketAddress(address, port), 0));
    }

    static MetricsServer https(String address, int port, SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new MetricsServer(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    MetricsServer serve(String exposition) {
        body.set(exposition.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    MetricsServer answerStatus(int code) {
        status.set(code);
        return this;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String vllm(int waiting, double kv) {
        return "# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{model_name=\"m\"} " + waiting
                + "\n# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc{model_name=\"m\"} " + kv + "\n";
    }
}
