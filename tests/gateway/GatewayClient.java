package gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A client of the gateway under test (HTTP/1.1, as curl and the benchmark speak to it). */
final class GatewayClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Gateway gateway;

    GatewayClient(Gateway gateway) {
        this.gateway = gateway;
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(TIMEOUT)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A streamed request: the response as soon as its headers arrive, its lines read one at a time (bounded waits). */
    Lines stream(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<java.util.stream.Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new Lines(response, response.body().iterator());
    }

    record Lines(HttpResponse<?> response, Iterator<String> lines) {
        /** The next non-empty line; fails if none arrives within the timeout (a buffering gateway never sends it). */
        String next() throws Exception {
            while (true) {
                String line = CompletableFuture.supplyAsync(() -> lines.hasNext() ? lines.next() : null)
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (line == null || !line.isEmpty()) {
                    return line;
                }
            }
        }
    }
}
