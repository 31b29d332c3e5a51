package gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Forwards one request without an EPP: to the first of {@code endpoints} that accepts a
 * connection, the body as the client sends it, the response streamed back as it arrives with
 * `x-pool-endpoint`. Used by the in-process routers and by `FailOpen` when the EPP is unreachable.
 * The caller feeds {@link RequestBody} from the client's request.
 */
final class DirectExchange {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Upstream upstream;
    private final PoolEndpoints pool;
    private HttpClientRequest upstreamRequest;

    DirectExchange(HttpServerRequest request, Upstream upstream, PoolEndpoints pool) {
        this.request = request;
        this.response = request.response();
        this.upstream = upstream;
        this.pool = pool;
    }

    /** Feeds {@code body} from the client request, pausing the client while the model server's send buffer is full. */
    static void feed(HttpServerRequest request, RequestBody body) {
        request.handler(chunk -> {
            body.write(chunk);
            if (body.full()) {
                request.pause();
                body.drainHandler(request::resume);
            }
        });
        request.endHandler(v -> body.end());
    }

    void forward(List<String> endpoints, RequestBody body) {
        if (endpoints.isEmpty()) {
            ClientReplies.error(response, 503, "no healthy upstream: the pool has no ready endpoint\n");
            return;
        }
        MultiMap headers = HttpHeaders.endToEnd(request.headers());
        String length = request.headers().get("content-length");
        if (length != null) {
            headers.set("content-length", length);
        }
        response.closeHandler(v -> {
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
        });
        upstream.open(endpoints, request.method(), request.uri(), headers).onComplete(opened -> {
            if (opened.failed()) {
                ClientReplies.error(response, 503, opened.cause().getMessage() + "\n");
                return;
            }
            upstreamRequest = opened.result().request();
            String endpoint = opened.result().endpoint();
            if (length == null && HttpHeaders.hasBody(request.headers())) {
                upstreamRequest.setChunked(true);
            }
            upstreamRequest.exceptionHandler(e -> ClientReplies.error(response, 502, "upstream request failed: " + e.getMessage() + "\n"));
            upstreamRequest.response().onComplete(answered -> {
                if (answered.failed()) {
                    ClientReplies.error(response, 502, "upstream reset before response headers: " + answered.cause().getMessage() + "\n");
                } else {
                    relay(answered.result(), endpoint);
                }
            });
            body.attach(upstreamRequest);
        });
    }

    private void relay(HttpClientResponse answer, String endpoint) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(answer.statusCode());
        response.headers().addAll(HttpHeaders.endToEnd(answer.headers()));
        String length = answer.headers().get("content-length");
        if (length != null) {
            response.putHeader("content-length", length);
        } else {
            response.setChunked(true);
        }
        response.putHeader(HttpHeaders.POOL_ENDPOINT, ClientReplies.poolEndpoint(pool, endpoint));
        answer.handler(chunk -> {
            response.write(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
                response.drainHandler(v -> answer.resume());
            }
        });
        answer.exceptionHandler(e -> ClientReplies.error(response, 502, "upstream response failed: " + e.getMessage() + "\n"));
        answer.endHandler(v -> response.end());
        response.writeHead();
    }
}
