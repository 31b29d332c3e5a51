package sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Random;
import sim.engine.Engine;
import sim.engine.FailureType;
import sim.engine.FinishReason;
import sim.engine.InferenceRequest;
import sim.engine.LoraModule;
import sim.engine.RequestListener;
import sim.engine.SimOptions;
import sim.events.ZmqKvEventPublisher;

/**
 * The OpenAI-compatible HTTP face of one engine (one data-parallel rank of a pod), as vLLM's API
 * server answers: {@code /v1/completions}, {@code /v1/chat/completions} (SSE when {@code stream}),
 * {@code /v1/models}, {@code /health}, {@code /metrics}.
 */
final class ModelServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final SimOptions options;
    private final PromptEncoder encoder;
    private final WorkerExecutor tokenizerPool;
    private final String idPrefix;
    private final Random failures;
    private final long created = System.currentTimeMillis() / 1000;
    private final ZmqKvEventPublisher publisher;
    private HttpServer server;
    private long nextId;
    private double loraInfoTimestamp = System.currentTimeMillis() / 1000.0;

    /**
     * @param tokenizerPool where slow encoders run (off the event loop)
     * @param publisher     the engine's KV event publisher (closed with the server), or null
     */
    ModelServer(Engine engine, PromptEncoder encoder, WorkerExecutor tokenizerPool, String podName,
                ZmqKvEventPublisher publisher) {
        this.engine = engine;
        this.options = engine.options();
        this.encoder = encoder;
        this.tokenizerPool = tokenizerPool;
        this.idPrefix = Long.toHexString(podName.hashCode() & 0xFFFFFFFFL) + engine.rank();
        this.failures = new Random(options.seed * 31 + engine.rank() + 7);
        this.publisher = publisher;
    }

    Engine engine() {
        return engine;
    }

    Future<HttpServer> listen(Vertx vertx, String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host);
    }

    boolean publishesKvEvents() {
        return publisher != null;
    }

    boolean replaysKvEvents() {
        return publisher != null && publisher.replayPort() != 0;
    }

    int kvEventPort() {
        return publisher.port();
    }

    int replayPort() {
        return publisher.replayPort();
    }

    int port() {
        return server.actualPort();
    }

    Future<Void> close() {
        if (publisher != null) {
            publisher.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        if (method == HttpMethod.GET && path.equals("/health")) {
            req.response().end();
        } else if (method == HttpMethod.GET && path.equals("/metrics")) {
            req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(MetricsExposition.render(engine, options.baseModelNames().get(0), loraInfoTimestamp()));
        } else if (method == HttpMethod.GET && path.equals("/v1/models")) {
            json(req.response(), 200, models());
        } else if (method == HttpMethod.POST && (path.equals("/v1/completions") || path.equals("/v1/chat/completions"))) {
            boolean chat = path.equals("/v1/chat/completions");
            req.body().onSuccess(body -> complete(req, body, chat));
        } else if (path.equals("/health") || path.equals("/metrics") || path.equals("/v1/models")
                || path.equals("/v1/completions") || path.equals("/v1/chat/completions")) {
            error(req.response(), 405, "BadRequestError", "Method Not Allowed", null);
        } else {
            error(req.response(), 404, "NotFoundError", "Not Found", null);
        }
    }

    /** vLLM stamps the LoRA info series with the time its adapter lists last changed. */
    private double loraInfoTimestamp() {
        return loraInfoTimestamp;
    }

    private ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String name : options.baseModelNames()) {
            data.addObject().put("id", name).put("object", "model").put("created", created).put("owned_by", "vllm")
                    .put("root", options.model).putNull("parent").put("max_model_len", options.maxModelLen);
        }
        for (LoraModule lora : engine.loraModules()) {
            data.addObject().put("id", lora.name()).put("object", "model").put("created", created)
                    .put("owned_by", "vllm").put("root", lora.path()).put("parent", options.baseModelNames().get(0));
        }
        return list;
    }

    private void complete(HttpServerRequest req, Buffer body, boolean chat) {
        HttpServerResponse response = req.response();
        ParsedRequest request;
        try {
            JsonNode tree;
            try {
                tree = JSON.readTree(body.getBytes());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            request = ParsedRequest.parse(tree, chat);
        } catch (IllegalArgumentException e) {
            error(response, 400, "BadRequestError", e.getMessage(), null);
            return;
        }
        String lora = null;
        if (!options.baseModelNames().contains(request.model())) {
            lora = engine.loraModules().stream().map(LoraModule::name).filter(request.model()::equals).findFirst().orElse(null);
            if (lora == null) {
                error(response, 404, "NotFoundError", "The model `" + request.model() + "` does not exist.", "model");
                return;
            }
        }
        FailureType failure = injectedFailure();
        if (failure != null) {
            error(response, failure.status, failure.errorType, failure.message, null);
            return;
        }
        String adapter = lora;
        if (encoder.slow()) {
            tokenizerPool.executeBlocking(() -> encode(request), false).onComplete(encoded -> {
                if (encoded.failed()) {
                    error(response, 500, "InternalServerError", "tokenizing failed: " + encoded.cause(), null);
                } else if (!response.closed()) {
                    run(req, request, chat, adapter, encoded.result());
                }
            });
        } else {
            run(req, request, chat, adapter, encode(request));
        }
    }

    /** The prompt's tokens, or why they cannot be made (vLLM's 400). */
    private record Encoded(int[] tokens, String problem) {}

    private Encoded encode(ParsedRequest request) {
        try {
            return new Encoded(encoder.encode(request), null);
        } catch (IllegalArgumentException e) {
            return new Encoded(null, e.getMessage());
        }
    }

    private void run(HttpServerRequest req, ParsedRequest request, boolean chat, String lora, Encoded encoded) {
        HttpServerResponse response = req.response();
        if (encoded.problem() != null) {
            error(response, 400, "BadRequestError", encoded.problem(), null);
            return;
        }
        int[] promptTokens = encoded.tokens();
        String rejection = engine.rejection(promptTokens.length, request.maxTokens());
        if (rejection != null) {
            error(response, 400, "BadRequestError", rejection, null);
            return;
        }
        String requestId = req.getHeader("x-request-id");
        if (requestId != null) {
            response.putHeader("x-request-id", requestId);
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + idPrefix + "-" + Long.toHexString(nextId++);
        var inference = new InferenceRequest(lora, request.echoText(), promptTokens, request.maxTokens(), request.ignoreEos(),
                request.cacheSalt());
        Reply reply = request.stream() ? new StreamedReply(response, request, id) : new WholeReply(response, request, id);
        boolean tracksAdapters = lora != null;
        if (tracksAdapters) {
            loraInfoTimestamp = System.currentTimeMillis() / 1000.0;
        }
        Engine.Sequence seq = engine.submit(inference, new RequestListener() {
            @Override
            public void started() {
                if (tracksAdapters) {
                    loraInfoTimestamp = System.currentTimeMillis() / 1000.0;
                }
            }

            @Override
            public void token(int index, String text) {
                reply.token(index, text);
            }

            @Override
            public void finished(FinishReason reason, int prompt, int completion) {
                if (tracksAdapters) {
                    loraInfoTimestamp = System.currentTimeMillis() / 1000.0;
                }
                reply.finish(reason, prompt, completion);
            }
        });
        response.closeHandler(v -> engine.abort(seq));
    }

    private FailureType injectedFailure() {
        if (options.failureInjectionRate <= 0 || failures.nextInt(100) >= options.failureInjectionRate) {
            return null;
        }
        List<String> types = options.failureTypes.isEmpty() ? FailureType.NAMES : options.failureTypes;
        return FailureType.of(types.get(failures.nextInt(types.size())));
    }

    private interface Reply {
        void token(int index, String text);

        void finish(FinishReason reason, int promptTokens, int completionTokens);
    }

    /** {@code data: {chunk}\n\n} per token, a last chunk with the finish reason, the usage chunk when asked, {@code data: [DONE]}. */
    private final class StreamedReply implements Reply {
        private final HttpServerResponse response;
        private final ParsedRequest request;
        private final String head;

        StreamedReply(HttpServerResponse response, ParsedRequest request, String id) {
            this.response = response;
            this.request = request;
            this.head = "data: {\"id\":\"" + id + "\",\"object\":\"" + (request.chat() ? "chat.completion.chunk" : "text_completion")
                    + "\",\"created\":" + (System.currentTimeMillis() / 1000) + ",\"model\":" + OpenAiJson.quote(request.model()) + ",";
            response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache");
            response.writeHead();
        }

        @Override
        public void token(int index, String text) {
            if (response.closed()) {
                return;
            }
            StringBuilder chunk = new StringBuilder(head.length() + 128);
            if (request.chat() && index == 0) {
                chunk.append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
            }
            chunk.append(head).append("\"choices\":[{\"index\":0,");
            if (request.chat()) {
                chunk.append("\"delta\":{\"content\":").append(OpenAiJson.quote(text)).append("},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
            } else {
                chunk.append("\"text\":").append(OpenAiJson.quote(text)).append(",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}\n\n");
            }
            response.write(chunk.toString());
        }

        @Override
        public void finish(FinishReason reason, int promptTokens, int completionTokens) {
            if (response.closed()) {
                return;
            }
            StringBuilder tail = new StringBuilder(head.length() * 2 + 200);
            tail.append(head).append("\"choices\":[{\"index\":0,");
            if (request.chat()) {
                tail.append("\"delta\":{},\"logprobs\":null,\"finish_reason\":\"").append(reason.label).append("\"}]}\n\n");
            } else {
                tail.append("\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"").append(reason.label).append("\",\"stop_reason\":null}]}\n\n");
            }
            if (request.includeUsage()) {
                tail.append(head).append("\"choices\":[],\"usage\":{\"prompt_tokens\":").append(promptTokens)
                        .append(",\"total_tokens\":").append(promptTokens + completionTokens)
                        .append(",\"completion_tokens\":").append(completionTokens).append("}}\n\n");
            }
            tail.append("data: [DONE]\n\n");
            response.end(tail.toString());
        }
    }

    /** One JSON body when the request ends. */
    private final class WholeReply implements Reply {
        private final HttpServerResponse response;
        private final ParsedRequest request;
        private final String id;
        private final StringBuilder text = new StringBuilder();

        WholeReply(HttpServerResponse response, ParsedRequest request, String id) {
            this.response = response;
            this.request = request;
            this.id = id;
        }

        @Override
        public void token(int index, String piece) {
            text.append(piece);
        }

        @Override
        public void finish(FinishReason reason, int promptTokens, int completionTokens) {
            ObjectNode body = JSON.createObjectNode().put("id", id)
                    .put("object", request.chat() ? "chat.completion" : "text_completion")
                    .put("created", System.currentTimeMillis() / 1000).put("model", request.model());
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            if (request.chat()) {
                choice.putObject("message").put("role", "assistant").put("content", text.toString());
                choice.putNull("logprobs").put("finish_reason", reason.label);
            } else {
                choice.put("text", text.toString()).putNull("logprobs").put("finish_reason", reason.label).putNull("stop_reason");
            }
            body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens + completionTokens)
                    .put("completion_tokens", completionTokens);
            json(response, 200, body);
        }
    }

    private static void json(HttpServerResponse response, int status, JsonNode body) {
        if (response.closed()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(JSON.writeValueAsBytes(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenAI's error body, as vLLM answers it. */
    private static void error(HttpServerResponse response, int status, String type, String message, String param) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", status);
        json(response, status, body);
    }
}
