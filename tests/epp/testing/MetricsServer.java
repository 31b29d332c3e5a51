package epp.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/** A model server stand-in for tests: serves a settable exposition at /metrics on one loopback address. */
public final class MetricsServer implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 10;

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

    public static MetricsServer http(String address, int port) throws IOException {
        return new MetricsServer(HttpServer.create(new InetSocketAddress(address, port), 0));
    }

    public static MetricsServer https(String address, int port, SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new MetricsServer(server);
    }

    /**
     * One HTTP server per address, all on the same free port: a pool has one target port for
     * every pod, so the stand-ins share a port on distinct loopback addresses.
     */
    public static List<MetricsServer> onOnePort(String... addresses) throws IOException {
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            List<MetricsServer> servers = new ArrayList<>();
            try {
                servers.add(http(addresses[0], 0));
                for (int i = 1; i < addresses.length; i++) {
                    servers.add(http(addresses[i], servers.get(0).port()));
                }
                return servers;
            } catch (BindException taken) {
                servers.forEach(MetricsServer::close);
            }
        }
        throw new IOException("no port free on all of " + List.of(addresses) + " after " + BIND_ATTEMPTS + " attempts");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public MetricsServer serve(String exposition) {
        body.set(exposition.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public MetricsServer answerStatus(int code) {
        status.set(code);
        return this;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A minimal vLLM exposition with only the queue and KV-cache gauges. */
    public static String vllm(int waiting, double kv) {
        return "# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting{model_name=\"m\"} " + waiting
                + "\n# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc{model_name=\"m\"} " + kv + "\n";
    }
}
