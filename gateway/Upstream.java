package gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;

/** Opens the request to the model server: the listed endpoints in order, the first that accepts a connection wins. */
final class Upstream {
    /** A request open on {@code endpoint}; headers are not sent until the first write or end. */
    record Opened(HttpClientRequest request, String endpoint) {}

    /** No listed endpoint accepted a connection. */
    static final class ConnectFailure extends Exception {
        ConnectFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final long connectTimeoutMillis;

    Upstream(HttpClient client, Duration connectTimeout) {
        this.client = client;
        this.connectTimeoutMillis = connectTimeout.toMillis();
    }

    Future<Opened> open(List<String> endpoints, HttpMethod method, String uri, MultiMap headers) {
        Promise<Opened> opened = Promise.promise();
        tryFrom(0, endpoints, method, uri, headers, opened, null);
        return opened.future();
    }

    private void tryFrom(int index, List<String> endpoints, HttpMethod method, String uri, MultiMap headers,
                         Promise<Opened> opened, Throwable last) {
        if (index >= endpoints.size()) {
            String reason = last == null ? "no endpoint to try" : String.valueOf(last.getMessage());
            opened.fail(new ConnectFailure("upstream connect error: " + String.join(",", endpoints) + ": " + reason, last));
            return;
        }
        String endpoint = endpoints.get(index);
        HostPort target;
        try {
            target = HostPort.parse(endpoint);
        } catch (IllegalArgumentException bad) {
            tryFrom(index + 1, endpoints, method, uri, headers, opened, bad);
            return;
        }
        var options = new RequestOptions().setHost(target.host()).setPort(target.port()).setMethod(method).setURI(uri)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers)).setConnectTimeout(connectTimeoutMillis);
        client.request(options).onComplete(result -> {
            if (result.succeeded()) {
                opened.complete(new Opened(result.result(), endpoint));
            } else {
                tryFrom(index + 1, endpoints, method, uri, headers, opened, result.cause());
            }
        });
    }
}
