package gateway;

import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * One event loop of the gateway: an HTTP server on the shared listen port (Vert.x spreads
 * connections over the instances). The upstream client is shared: Vert.x delivers its events on
 * the context of the request that made it.
 */
final class GatewayVerticle extends AbstractVerticle {
    private final GatewayConfig config;
    private final Upstream upstream;
    private final int port;
    private final ExternalProcessorGrpc.ExternalProcessorStub epp;
    private final Picker picker;
    private final Picker failOpenPicker;
    private HttpServer server;
    private GatewayRuntime runtime;

    GatewayVerticle(GatewayConfig config, Upstream upstream, int port, ExternalProcessorGrpc.ExternalProcessorStub epp, Picker picker,
                    Picker failOpenPicker) {
        this.config = config;
        this.upstream = upstream;
        this.port = port;
        this.epp = epp;
        this.picker = picker;
        this.failOpenPicker = failOpenPicker;
    }

    @Override
    public void start(Promise<Void> started) {
        runtime = new GatewayRuntime(config, upstream, config.endpoints(), failOpenPicker);
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
