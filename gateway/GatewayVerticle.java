package gateway;

import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.List;

/**
 * One event loop of the gateway: an HTTP server on the shared listen port (Vert.x spreads
 * connections over the instances) and its own upstream HTTP client.
 */
final class GatewayVerticle extends AbstractVerticle {
    /** Keep-alive connections per model-server endpoint and event loop: a benchmark drives hundreds of streams at once. */
    private static final int CONNECTIONS_PER_ENDPOINT = 512;

    private final GatewayConfig config;
    private final int port;
    private final ExternalProcessorGrpc.ExternalProcessorStub epp;
    private final Picker picker;
    private final Picker failOpenPicker;
    private HttpServer server;
    private GatewayRuntime runtime;

    GatewayVerticle(GatewayConfig config, int port, ExternalProcessorGrpc.ExternalProcessorStub epp, Picker picker, Picker failOpenPicker) {
        this.config = config;
        this.port = port;
        this.epp = epp;
        this.picker = picker;
        this.failOpenPicker = failOpenPicker;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_ENDPOINT));
        runtime = new GatewayRuntime(config, new Upstream(client, config.connectTimeout()), config.endpoints(), failOpenPicker);
        // HTTP/1.1 as clients and the GAIE gateways' listeners speak it; `Expect: 100-continue` (curl with a
        // large body) is answered here at once rather than after the client's wait.
        server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false)
                        .setHttp2ClearTextEnabled(false).setHandle100ContinueAutomatically(true))
                .requestHandler(this::handle);
        server.listen(port, config.host()).<Void>mapEmpty().onComplete(started);
    }

    int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (epp != null) {
            new EppExchange(context, request, runtime).start(epp);
            return;
        }
        RequestBody body = new RequestBody();
        DirectExchange.feed(request, body);
        List<String> order = picker.order(runtime.pool().ready()).stream().map(Endpoint::address).toList();
        new DirectExchange(request, runtime.upstream(), runtime.pool()).forward(order, body);
    }
}
