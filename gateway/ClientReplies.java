package gateway;

import io.vertx.core.http.HttpServerResponse;

/** Answers the client when the gateway itself ends the exchange. */
final class ClientReplies {
    private ClientReplies() {}

    /** A plain-text error, or a reset when the response has already started (its status can no longer change). */
    static void error(HttpServerResponse response, int status, String body) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(body);
    }

    /** The `x-pool-endpoint` value: the pod and the endpoint that served the request. */
    static String poolEndpoint(PoolEndpoints endpoints, String address) {
        return endpoints.podName(address) + " " + address;
    }
}
