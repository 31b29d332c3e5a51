package epp.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the EPP's training start talks to, on 127.0.0.1: just enough of a Kubernetes API for its
 * three informers to sync (one InferencePool, one ready Pod, no InferenceObjectives; every
 * watch ends at once and is retried), and that pod's vLLM `/metrics` on the same port, so the
 * training run goes through start-up, the pool's reconciliation and the first scrapes.
 */
final class TrainingApi implements AutoCloseable {
    static final String NAMESPACE = "default";
    static final String POOL = "epp-image-training";
    private static final String LABELS = "{\"app\":\"" + POOL + "\"}";
    private static final String VLLM_METRICS = """
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{model_name="training"} 0.0
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="training"} 0.0
            # TYPE vllm:gpu_cache_usage_perc gauge
            vllm:gpu_cache_usage_perc{model_name="training"} 0.1
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{model_name="training"} 0.1
            # TYPE vllm:lora_requests_info gauge
            vllm:lora_requests_info{max_lora="1",running_lora_adapters="",waiting_lora_adapters=""} 1.0
            """;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "epp-image-training-api");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch scrapes;

    TrainingApi(int scrapesToWaitFor) throws IOException {
        scrapes = new CountDownLatch(scrapesToWaitFor);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: training
                  cluster: {server: "%s"}
                contexts:
                - name: training
                  context: {cluster: training, user: training, namespace: %s}
                current-context: training
                users:
                - name: training
                  user: {token: training}
                """.formatted(url(), NAMESPACE);
    }

    /** Waits (bounded) until the EPP has scraped the pod as many times as asked. */
    boolean awaitScrapes(long timeout, TimeUnit unit) throws InterruptedException {
        return scrapes.await(timeout, unit);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            if (path.equals("/metrics")) {
                scrapes.countDown();
                reply(exchange, "text/plain; version=0.0.4", VLLM_METRICS);
            } else if (query.contains("watch=true") || query.contains("watch=1")) {
                reply(exchange, "application/json", "");
            } else if (path.endsWith("/inferencepools/" + POOL)) {
                reply(exchange, "application/json", pool());
            } else if (path.endsWith("/inferencepools")) {
                reply(exchange, "application/json", list("inference.networking.k8s.io/v1", "InferencePoolList", pool()));
            } else if (path.endsWith("/pods")) {
                reply(exchange, "application/json", list("v1", "PodList", pod()));
            } else {
                reply(exchange, "application/json", list("v1", "List", ""));
            }
        }
    }

    private String pool() {
        return """
                {"apiVersion":"inference.networking.k8s.io/v1","kind":"InferencePool",
                 "metadata":{"name":"%s","namespace":"%s","uid":"pool-uid","resourceVersion":"1","generation":1},
                 "spec":{"selector":{"matchLabels":%s},"targetPorts":[{"number":%d}],
                         "endpointPickerRef":{"name":"%s-epp","port":{"number":9002}}}}""".formatted(POOL, NAMESPACE, LABELS, port(), POOL);
    }

    private String pod() {
        return """
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"%s-0","namespace":"%s","uid":"pod-uid","resourceVersion":"1","labels":%s},
                 "spec":{"containers":[{"name":"vllm","image":"vllm"}]},
                 "status":{"phase":"Running","podIP":"127.0.0.1","podIPs":[{"ip":"127.0.0.1"}],
                           "conditions":[{"type":"Ready","status":"True"}]}}""".formatted(POOL, NAMESPACE, LABELS);
    }

    private static String list(String apiVersion, String kind, String item) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + item + "]}";
    }

    private static void reply(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
