package epp.handlers;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import common.GoJsonString;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.logging.Log;
import epp.requestcontrol.Director;
import epp.requestcontrol.EppError;
import epp.requestcontrol.Routing;
import epp.requestcontrol.RoutingRequest;
import epp.requestcontrol.SubsetHint;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One ext_proc stream = one HTTP exchange (epp.md §2.2–§2.4). gRPC delivers this stream's messages
 * one at a time, so the state needs no locking. The request-headers reply is held back until the
 * body is complete (the destination depends on it), then sent right before the body replies.
 */
final class ExtProcStream implements StreamObserver<ProcessingRequest> {
    static final String FAIRNESS_HEADER = "x-gateway-inference-fairness-id";
    static final String OBJECTIVE_HEADER = "x-gateway-inference-objective";
    static final String MODEL_REWRITE_HEADER = "x-gateway-model-name-rewrite";
    static final String REQUEST_ID_HEADER = "x-request-id";
    static final String SUBSET_NAMESPACE = "envoy.lb.subset_hint";
    static final String SUBSET_KEY = "x-gateway-destination-endpoint-subset";

    private final StreamObserver<ProcessingResponse> replies;
    private final Director director;
    private final Datastore datastore;
    private final RequestMetrics metrics;
    private final StreamSpan span;

    private final Map<String, String> requestHeaders = new LinkedHashMap<>();
    private String objectiveKey = "";
    private String modelRewrite = "";
    private long receivedNanos;
    private ByteString requestBody = ByteString.EMPTY;
    /** Every request-body chunk received: their pooled arrays go back when the stream ends. */
    private final List<ByteString> receivedChunks = new ArrayList<>(8);
    private Metadata metadata = Metadata.getDefaultInstance();

    private String incomingModel = "";
    private String targetModel = "";
    private Routing routing;
    private boolean running;

    private boolean sse;
    private boolean modelServerError;
    private ByteString responseBody = ByteString.EMPTY;

    private EppError failure;
    private boolean finished;

    ExtProcStream(StreamObserver<ProcessingResponse> replies, Director director, Datastore datastore, RequestMetrics metrics,
                  StreamSpan span) {
        this.replies = replies;
        this.director = director;
        this.datastore = datastore;
        this.metrics = metrics;
        this.span = span;
    }

    @Override
    public void onNext(ProcessingRequest request) {
        if (finished) {
            BodyBufferPool.SHARED.release(request.getRequestBody().getBody());
            return;
        }
        metadata = request.getMetadataContext();
        try {
            switch (request.getRequestCase()) {
                case REQUEST_HEADERS -> onRequestHeaders(request.getRequestHeaders());
                case REQUEST_BODY -> onRequestBody(request.getRequestBody());
                case RESPONSE_HEADERS -> onResponseHeaders(request.getResponseHeaders());
                case RESPONSE_BODY -> onResponseBody(request.getResponseBody());
                default -> { } // trailers get no reply (§2.2e)
            }
        } catch (EppError e) {
            fail(e);
        } catch (RuntimeException e) {
            Log.error("Failed to process request", e);
            fail(EppError.plain(e.toString()));
        }
    }

    private void onRequestHeaders(HttpHeaders headers) throws EppError {
        receivedNanos = System.nanoTime();
        span.start(headers.getHeaders());
        String requestId = null;
        for (HeaderValue h : headers.getHeaders().getHeadersList()) {
            if (h.getKey().equalsIgnoreCase(REQUEST_ID_HEADER) && !h.getRawValue().isEmpty()) {
                requestId = h.getRawValue().toStringUtf8();
            }
        }
        if (requestId == null) {
            requestHeaders.put(REQUEST_ID_HEADER, UUID.randomUUID().toString());
        }
        if (headers.getEndOfStream()) {
            routeWithoutBody();
            return;
        }
        for (HeaderValue h : headers.getHeaders().getHeadersList()) {
            requestHeaders.put(h.getKey(), h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toStringUtf8());
        }
        requestHeaders.remove(FAIRNESS_HEADER);
        String objective = requestHeaders.remove(OBJECTIVE_HEADER);
        objectiveKey = objective == null ? "" : objective;
        String rewrite = requestHeaders.remove(MODEL_REWRITE_HEADER);
        modelRewrite = rewrite == null ? "" : rewrite;
    }

    /** §2.6: a body-less request (GET) goes to a random endpoint; nothing is parsed or scheduled. */
    private void routeWithoutBody() throws EppError {
        List<Endpoint> endpoints = datastore.endpoints();
        if (endpoints.isEmpty()) {
            throw EppError.of(EppError.Code.INTERNAL, "no pods available in datastore");
        }
        if (datastore.pool().isEmpty()) {
            throw EppError.plain("InferencePool is not synced yet");
        }
        Endpoint endpoint = endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size()));
        span.routed("", "", endpoint.hostPort());
        replies.onNext(Replies.requestHeaders(endpoint.hostPort(), 0, requestHeaders));
    }

    private void onRequestBody(HttpBody body) throws EppError {
        receivedChunks.add(body.getBody());
        requestBody = requestBody.concat(body.getBody());
        if (!body.getEndOfStream()) {
            return;
        }
        ParsedRequestBody parsed;
        try {
            parsed = RequestBodyParser.parse(requestBody);
        } catch (RequestBodyParser.NotJsonObject e) {
            String message = Log.enabled(Log.DEBUG)
                    ? "Error unmarshaling request body: " + requestBody.toStringUtf8()
                    : "Error unmarshaling request body";
            throw EppError.of(EppError.Code.BAD_REQUEST, message);
        }
        if (parsed.model() == null) {
            throw EppError.of(EppError.Code.BAD_REQUEST, "model not found in request body");
        }
        incomingModel = parsed.model();
        targetModel = modelRewrite.isEmpty() ? incomingModel : modelRewrite;
        if (parsed.classificationError() != null) {
            throw EppError.of(EppError.Code.BAD_REQUEST, "failed to extract request data: " + parsed.classificationError());
        }
        try (var ignored = span.makeCurrent()) {
            routing = director.route(new RoutingRequest(requestHeaders.getOrDefault(REQUEST_ID_HEADER, ""), incomingModel,
                    targetModel, parsed.body(), requestHeaders, objectiveKey, subsetHint()));
        }
        span.routed(incomingModel, targetModel, routing.targetEndpoint());

        ByteString forwarded = targetModel.equals(incomingModel) ? requestBody : withModel(requestBody, parsed, targetModel);
        requestBody = ByteString.EMPTY;
        metrics.requestRouted(incomingModel, targetModel, forwarded.size());
        replies.onNext(Replies.requestHeaders(routing.targetEndpoint(), forwarded.size(), requestHeaders));
        for (ProcessingResponse chunk : Replies.bodyChunks(forwarded, true, true)) {
            replies.onNext(chunk);
        }
        if (!incomingModel.isEmpty()) {
            metrics.runningRequests(incomingModel, 1);
            running = true;
        }
        Log.v(Log.VERBOSE, "Request handled", "objectiveKey", objectiveKey, "incomingModelName", incomingModel,
                "targetModel", targetModel, "endpoint", routing.targetEndpoint());
    }

    /** The body with only the `model` string replaced; the other bytes are shared, not copied. */
    static ByteString withModel(ByteString body, ParsedRequestBody parsed, String model) {
        return body.substring(0, (int) parsed.modelValueStart())
                .concat(ByteString.copyFromUtf8(GoJsonString.quote(model, GoJsonString.Dialect.ENCODING_JSON)))
                .concat(body.substring((int) parsed.modelValueEnd()));
    }

    /** §2.11: the proxy's subset hint, or empty when it sent none (a hint with no entries allows nothing). */
    private Optional<SubsetHint> subsetHint() {
        Struct namespace = metadata.getFilterMetadataMap().get(SUBSET_NAMESPACE);
        if (namespace == null) {
            return Optional.empty();
        }
        Value entries = namespace.getFieldsMap().get(SUBSET_KEY);
        if (entries == null || !entries.hasListValue()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (Value entry : entries.getListValue().getValuesList()) {
            if (entry.hasStringValue()) { // upstream panics on other entries (§0.4)
                values.add(entry.getStringValue());
            }
        }
        return Optional.of(SubsetHint.parse(values));
    }

    private void onResponseHeaders(HttpHeaders headers) {
        span.start(headers.getHeaders());
        Map<String, String> echoed = new LinkedHashMap<>();
        for (HeaderValue h : headers.getHeaders().getHeadersList()) {
            String raw = h.getRawValue().toStringUtf8();
            if (h.getKey().equals("status") && !raw.equals("200")) {
                modelServerError = true;
            } else if (h.getKey().equals("content-type") && raw.contains("text/event-stream")) {
                sse = true;
            }
            echoed.put(h.getKey(), h.getRawValue().isEmpty() ? h.getValue() : raw);
        }
        replies.onNext(Replies.responseHeaders(echoed));
    }

    private void onResponseBody(HttpBody body) {
        if (sse) {
            for (ProcessingResponse chunk : Replies.bodyChunks(body.getBody(), body.getEndOfStream(), false)) {
                replies.onNext(chunk);
            }
            String text = body.getBody().toStringUtf8();
            if (text.contains("data: [DONE]")) {
                Usage usage = Usage.ofSseChunk(text);
                metrics.tokens(incomingModel, targetModel, usage.promptTokens(), usage.completionTokens());
                if (routing != null) {
                    director.responseComplete(routing);
                }
            }
            if (body.getEndOfStream()) {
                metrics.responseCompleted(incomingModel, targetModel, elapsedSeconds(), 0);
            }
            return;
        }
        responseBody = responseBody.concat(body.getBody());
        if (!body.getEndOfStream()) {
            return;
        }
        ByteString complete = responseBody;
        responseBody = ByteString.EMPTY;
        for (ProcessingResponse chunk : Replies.bodyChunks(complete, true, false)) {
            replies.onNext(chunk);
        }
        Optional<Optional<Usage>> json = Usage.ofJsonBody(complete);
        if (json.isPresent()) {
            if (routing != null) {
                director.responseComplete(routing);
            }
            metrics.responseCompleted(incomingModel, targetModel, elapsedSeconds(), complete.size());
            json.get().ifPresent(u -> metrics.tokens(incomingModel, targetModel, u.promptTokens(), u.completionTokens()));
        }
    }

    private double elapsedSeconds() {
        return receivedNanos == 0 ? 0 : (System.nanoTime() - receivedNanos) / 1e9;
    }

    /** §2.7: HTTP errors become an ImmediateResponse and a clean end; plain errors fail the RPC. */
    private void fail(EppError error) {
        failure = error;
        finish();
        if (error.code().httpStatus() > 0) {
            Log.v(Log.DEBUG, "Request rejected", "code", error.code().label(), "error", error.getMessage());
            replies.onNext(Replies.immediate(error.code().httpStatus(), error.getMessage()));
            replies.onCompleted();
        } else {
            Log.error("Failed to process request", error);
            replies.onError(Status.UNKNOWN.withDescription("failed to handle request: " + error.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!(t instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.CANCELLED)) {
            Log.v(Log.DEBUG, "ext_proc stream ended with an error", "error", t.toString());
        }
        finish();
    }

    @Override
    public void onCompleted() {
        if (!finished) {
            finish();
            replies.onCompleted();
        }
    }

    /**
     * Stream end (§2.2): ends the span, counts an error, releases the running request and the
     * request body's pooled arrays (every reply that holds a view of them has been serialised by
     * then: gRPC copies a message out in onNext). Runs once, before the server's end of stream is
     * sent, so whoever sees the end sees them recorded.
     */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        requestBody = ByteString.EMPTY;
        for (ByteString chunk : receivedChunks) {
            BodyBufferPool.SHARED.release(chunk);
        }
        receivedChunks.clear();
        span.end(failure == null ? null : failure.code().label(), modelServerError);
        if (modelServerError) {
            metrics.requestError(incomingModel, targetModel, EppError.Code.MODEL_SERVER_ERROR.label());
        } else if (failure != null) {
            metrics.requestError(incomingModel, targetModel, failure.code().label());
        }
        if (running) {
            metrics.runningRequests(incomingModel, -1);
        }
    }
}
