package gateway;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One client request routed by the EPP, as Envoy's ext_proc filter does it in
 * FULL_DUPLEX_STREAMED mode: one ext_proc stream carries the request headers and body chunks to
 * the EPP, its header mutation names the endpoints (tried in order) and its streamed body is what
 * the model server receives; the model server's response headers and body chunks go through the
 * same stream and what comes back is what the client gets, chunk by chunk as it arrives.
 *
 * <p>All state lives on the client connection's event loop: gRPC callbacks hop onto it.
 */
final class EppExchange implements ClientResponseObserver<ProcessingRequest, ProcessingResponse> {
    private enum Phase {
        /** Waiting for the EPP's routing decision. */
        REQUEST,
        /** Forwarding to the endpoint the EPP picked. */
        ROUTED,
        /** Over: answered, failed, handed to {@link DirectExchange} (FailOpen) or abandoned by the client. */
        DONE
    }

    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final GatewayRuntime runtime;
    private final boolean requestHasBody;
    /** The client's own body, kept for FailOpen until the EPP has routed the request. */
    private RequestBody original;
    private final RequestBody forwarded = new RequestBody();
    private ClientCallStreamObserver<ProcessingRequest> stream;
    private boolean streamClosed;
    private Phase phase = Phase.REQUEST;
    private long eppTimer = -1;
    private boolean clientPausedForEpp;
    private boolean upstreamPausedForEpp;
    private boolean upstreamPausedForClient;
    private HttpClientRequest upstreamRequest;
    private HttpClientResponse upstreamResponse;
    private boolean responseHasBody;
    private String endpoint;

    EppExchange(Context context, HttpServerRequest request, GatewayRuntime runtime) {
        this.context = context;
        this.request = request;
        this.response = request.response();
        this.runtime = runtime;
        this.requestHasBody = HttpHeaders.hasBody(request.headers());
        this.original = runtime.config().failureMode() == FailureMode.FAIL_OPEN ? new RequestBody() : null;
    }

    void start(ExternalProcessorGrpc.ExternalProcessorStub stub) {
        stub.process(this);
        String authority = request.authority() == null ? "" : request.authority().toString();
        stream.onNext(ExtProcMessages.requestHeaders(request.method().name(), request.scheme() == null ? "http" : request.scheme(),
                authority, request.uri(), request.headers(), !requestHasBody));
        response.closeHandler(v -> clientGone());
        if (!requestHasBody) {
            if (original != null) {
                original.end();
            }
            armEppTimer();
            return;
        }
        request.handler(this::clientChunk);
        request.endHandler(v -> clientBodyEnded());
    }

    // ---- gRPC callbacks (any thread) -> the event loop -------------------------------------------

    @Override
    public void beforeStart(ClientCallStreamObserver<ProcessingRequest> requestStream) {
        this.stream = requestStream;
        requestStream.setOnReadyHandler(() -> context.runOnContext(v -> eppReady()));
    }

    @Override
    public void onNext(ProcessingResponse reply) {
        context.runOnContext(v -> handle(reply));
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        context.runOnContext(v -> eppFailed("endpoint picker unavailable: " + status.getCode()
                + (status.getDescription() == null ? "" : " " + status.getDescription())));
    }

    @Override
    public void onCompleted() {
        context.runOnContext(v -> {
            streamClosed = true;
            eppFailed("the endpoint picker ended the stream before the exchange was over");
        });
    }

    // ---- the client's request ------------------------------------------------------------------

    private void clientChunk(Buffer chunk) {
        if (original != null) {
            original.write(chunk);
        }
        if (!streamClosed) {
            stream.onNext(ExtProcMessages.requestBody(chunk, false));
            if (!stream.isReady()) {
                clientPausedForEpp = true;
                request.pause();
            }
        } else if (original != null && original.full()) {
            request.pause();
            original.drainHandler(request::resume);
        }
    }

    private void clientBodyEnded() {
        if (original != null) {
            original.end();
        }
        if (!streamClosed) {
            // Envoy marks the last chunk; the client's end arrives apart from it, so an empty chunk carries the flag.
            stream.onNext(ExtProcMessages.requestBody(null, true));
            if (phase == Phase.REQUEST) {
                armEppTimer();
            }
        }
    }

    private void eppReady() {
        if (clientPausedForEpp) {
            clientPausedForEpp = false;
            request.resume();
        }
        if (upstreamPausedForEpp) {
            upstreamPausedForEpp = false;
            resumeUpstream();
        }
    }

    private void armEppTimer() {
        eppTimer = context.owner().setTimer(runtime.config().eppTimeout().toMillis(), id -> {
            eppTimer = -1;
            if (phase == Phase.REQUEST) {
                closeStream("no routing decision within " + runtime.config().eppTimeout());
                eppFailed("endpoint picker unavailable: no routing decision within " + runtime.config().eppTimeout().toMillis() + " ms");
            }
        });
    }

    // ---- the EPP's replies ---------------------------------------------------------------------

    private void handle(ProcessingResponse reply) {
        if (phase == Phase.DONE) {
            return;
        }
        switch (reply.getResponseCase()) {
            case IMMEDIATE_RESPONSE -> immediate(reply.getImmediateResponse());
            case REQUEST_HEADERS -> routed(reply.getRequestHeaders().getResponse(), reply);
            case REQUEST_BODY -> requestBodyMutated(reply.getRequestBody().getResponse().getBodyMutation());
            case RESPONSE_HEADERS -> responseHeadersMutated(reply.getResponseHeaders().getResponse().getHeaderMutation());
            case RESPONSE_BODY -> responseBodyMutated(reply.getResponseBody().getResponse().getBodyMutation());
            default -> {
                // trailer replies and an unset reply change nothing the gateway forwards
            }
        }
    }

    /** The EPP answers the client itself (an error such as no ready pod): that status, headers and body. */
    private void immediate(ImmediateResponse immediate) {
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        if (!response.headWritten() && !response.ended()) {
            int code = immediate.getStatus().getCodeValue();
            response.setStatusCode(code == 0 ? 200 : code);
            applyTo(response.headers(), immediate.getHeaders());
            response.end(ExtProcMessages.buffer(immediate.getBody()));
        } else {
            response.reset();
        }
        finish();
    }

    /** The routing decision: apply the header mutation, then connect to the picked endpoints in order. */
    private void routed(CommonResponse common, ProcessingResponse reply) {
        if (phase != Phase.REQUEST) {
            return;
        }
        cancelEppTimer();
        phase = Phase.ROUTED;
        original = null;
        List<String> endpoints = ExtProcMessages.destinations(reply.getDynamicMetadata(), common.getHeaderMutation().getSetHeadersList());
        if (endpoints.isEmpty()) {
            ClientReplies.error(response, 503, "the endpoint picker named no destination endpoint\n");
            finish();
            return;
        }
        MultiMap headers = HttpHeaders.endToEnd(request.headers());
        String path = request.uri();
        Set<String> lengthsSet = new LinkedHashSet<>();
        for (HeaderValueOption option : common.getHeaderMutation().getSetHeadersList()) {
            String name = option.getHeader().getKey().toLowerCase(Locale.ROOT);
            String value = ExtProcMessages.value(option.getHeader());
            switch (name) {
                case ":path" -> path = value;
                case "content-length" -> lengthsSet.add(value.trim());
                default -> set(headers, option, name, value);
            }
        }
        common.getHeaderMutation().getRemoveHeadersList().forEach(headers::remove);
        String length = forwardedLength(lengthsSet, request.headers().get("content-length"));
        if (length != null && requestHasBody) {
            headers.set("content-length", length);
        }
        if (!requestHasBody) {
            forwarded.end();
        }
        runtime.upstream().open(endpoints, request.method(), path, headers).onComplete(opened -> {
            if (phase == Phase.DONE) {
                if (opened.succeeded()) {
                    opened.result().request().reset();
                }
                return;
            }
            if (opened.failed()) {
                ClientReplies.error(response, 503, opened.cause().getMessage() + "\n");
                finish();
                return;
            }
            upstreamRequest = opened.result().request();
            endpoint = opened.result().endpoint();
            if (requestHasBody && length == null) {
                upstreamRequest.setChunked(true);
            }
            upstreamRequest.exceptionHandler(e -> upstreamFailed("upstream request failed: " + e.getMessage()));
            upstreamRequest.response().onComplete(answered -> {
                if (answered.failed()) {
                    upstreamFailed("upstream reset before response headers: " + answered.cause().getMessage());
                } else {
                    upstreamAnswered(answered.result());
                }
            });
            forwarded.attach(upstreamRequest);
        });
    }

    private void requestBodyMutated(BodyMutation mutation) {
        forwarded.write(ExtProcMessages.mutatedBody(mutation));
        if (ExtProcMessages.endsBody(mutation)) {
            forwarded.end();
        }
    }

    // ---- the model server's response -------------------------------------------------------------

    private void upstreamAnswered(HttpClientResponse answer) {
        if (phase == Phase.DONE) {
            return;
        }
        upstreamResponse = answer;
        int status = answer.statusCode();
        String length = answer.headers().get("content-length");
        responseHasBody = request.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200
                && !(length != null && length.trim().equals("0"));
        answer.exceptionHandler(e -> upstreamFailed("upstream response failed: " + e.getMessage()));
        if (responseHasBody) {
            answer.handler(chunk -> sendResponseChunk(chunk, false));
            answer.endHandler(v -> sendResponseChunk(null, true));
        }
        if (!streamClosed) {
            stream.onNext(ExtProcMessages.responseHeaders(status, HttpHeaders.endToEnd(answer.headers()), !responseHasBody));
        }
    }

    private void sendResponseChunk(Buffer chunk, boolean last) {
        if (streamClosed || phase == Phase.DONE) {
            return;
        }
        stream.onNext(ExtProcMessages.responseBody(chunk, last));
        if (!last && !stream.isReady()) {
            upstreamPausedForEpp = true;
            upstreamResponse.pause();
        }
    }

    private void responseHeadersMutated(HeaderMutation mutation) {
        if (upstreamResponse == null || response.headWritten()) {
            return;
        }
        MultiMap headers = HttpHeaders.endToEnd(upstreamResponse.headers());
        int status = upstreamResponse.statusCode();
        for (HeaderValueOption option : mutation.getSetHeadersList()) {
            String name = option.getHeader().getKey().toLowerCase(Locale.ROOT);
            String value = ExtProcMessages.value(option.getHeader());
            if (name.equals(":status")) {
                status = Integer.parseInt(value.trim());
            } else {
                set(headers, option, name, value);
            }
        }
        mutation.getRemoveHeadersList().forEach(headers::remove);
        response.setStatusCode(status);
        response.headers().addAll(headers);
        response.putHeader(HttpHeaders.POOL_ENDPOINT, ClientReplies.poolEndpoint(runtime.pool(), endpoint));
        if (responseHasBody) {
            // the EPP may rewrite the body, so its length is only known at the end
            response.setChunked(true);
            response.writeHead();
        } else {
            response.end();
            finish();
        }
    }

    private void responseBodyMutated(BodyMutation mutation) {
        if (!response.headWritten()) {
            return;
        }
        Buffer chunk = ExtProcMessages.mutatedBody(mutation);
        if (chunk.length() > 0) {
            response.write(chunk);
        }
        if (ExtProcMessages.endsBody(mutation)) {
            response.end();
            finish();
        } else if (response.writeQueueFull() && upstreamResponse != null) {
            upstreamPausedForClient = true;
            upstreamResponse.pause();
            response.drainHandler(v -> {
                upstreamPausedForClient = false;
                resumeUpstream();
            });
        }
    }

    private void resumeUpstream() {
        if (upstreamResponse != null && !upstreamPausedForEpp && !upstreamPausedForClient) {
            upstreamResponse.resume();
        }
    }

    // ---- failures and the end ------------------------------------------------------------------

    /** The EPP is unreachable or failed: before routing the pool's failure mode decides, after it the exchange fails. */
    private void eppFailed(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        streamClosed = true;
        cancelEppTimer();
        if (phase == Phase.REQUEST && original != null) {
            phase = Phase.DONE;
            if (clientPausedForEpp) {
                clientPausedForEpp = false;
                request.resume();
            }
            List<String> order = new ArrayList<>();
            runtime.failOpenPicker().order(runtime.pool().ready()).forEach(e -> order.add(e.address()));
            new DirectExchange(request, runtime.upstream(), runtime.pool()).forward(order, original);
            return;
        }
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        ClientReplies.error(response, phase == Phase.REQUEST ? 503 : 500, reason + "\n");
        phase = Phase.DONE;
    }

    private void upstreamFailed(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        ClientReplies.error(response, 503, reason + "\n");
        finish();
    }

    private void clientGone() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        cancelEppTimer();
        closeStream("the client went away");
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
    }

    private void finish() {
        phase = Phase.DONE;
        cancelEppTimer();
        if (!streamClosed) {
            streamClosed = true;
            stream.onCompleted();
        }
    }

    private void closeStream(String why) {
        if (!streamClosed) {
            streamClosed = true;
            stream.cancel(why, null);
        }
    }

    private void cancelEppTimer() {
        if (eppTimer >= 0) {
            context.owner().cancelTimer(eppTimer);
            eppTimer = -1;
        }
    }

    /**
     * The Content-Length to forward: the one the EPP set. Ours sets the length of the body it sends
     * and also echoes the client's header; when the two differ (a model rewrite), the client's is
     * stale. Null (send chunked) when the EPP set none or several that cannot be told apart.
     */
    static String forwardedLength(Set<String> setByEpp, String clientLength) {
        Set<String> distinct = new LinkedHashSet<>(setByEpp);
        if (distinct.size() > 1 && clientLength != null) {
            distinct.remove(clientLength.trim());
        }
        return distinct.size() == 1 ? distinct.iterator().next() : null;
    }

    private static void set(MultiMap headers, HeaderValueOption option, String name, String value) {
        if (name.startsWith(":") || !HttpHeaders.forwarded(name)) {
            return;
        }
        if (ExtProcMessages.appends(option)) {
            headers.add(name, value);
        } else {
            headers.set(name, value);
        }
    }

    private static void applyTo(MultiMap headers, HeaderMutation mutation) {
        for (HeaderValueOption option : mutation.getSetHeadersList()) {
            String name = option.getHeader().getKey().toLowerCase(Locale.ROOT);
            set(headers, option, name, ExtProcMessages.value(option.getHeader()));
        }
        mutation.getRemoveHeadersList().forEach(headers::remove);
    }
}
