package epp.handlers;

import static epp.testing.ExtProcExchange.body;
import static epp.testing.ExtProcExchange.requestBody;
import static epp.testing.ExtProcExchange.requestBodyWithSubset;
import static epp.testing.ExtProcExchange.requestHeaders;
import static epp.testing.ExtProcExchange.requestTrailers;
import static epp.testing.ExtProcExchange.responseBody;
import static epp.testing.ExtProcExchange.responseHeaders;
import static epp.testing.ExtProcExchange.setHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import epp.datastore.Objective;
import epp.requestcontrol.Director;
import epp.requestcontrol.LegacyAdmission;
import epp.requestcontrol.SaturationConfig;
import epp.requestcontrol.SaturationDetector;
import epp.testing.ExtProcExchange;
import epp.testing.InMemoryDatastore;
import epp.testing.LowestQueueScheduler;
import epp.testing.RecordingMetrics;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ext_proc protocol of epp.md §2 over a real gRPC channel on loopback. */
class ExtProcServiceTest {
    private static final String BODY = "{ \"model\" : \"llama\", \"prompt\": \"Write as if you were a critic: San Francisco\", \"max_tokens\": 100, \"temperature\": 0.0 }";

    private InMemoryDatastore datastore = InMemoryDatastore.withPods("10.0.0.1", "10.0.0.2", "10.0.0.3");
    private LowestQueueScheduler scheduler = new LowestQueueScheduler(1);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private Server server;
    private ManagedChannel channel;

    private ExtProcExchange exchange() throws Exception {
        if (server == null) {
            var director = new Director(datastore, scheduler,
                    new LegacyAdmission(new SaturationDetector(SaturationConfig.DEFAULT, Clock.systemUTC())));
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                    .addService(new ExtProcService(director, datastore, metrics).definition()).build().start();
            channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
        }
        return new ExtProcExchange(channel);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    @Test
    void bodyInOneChunkIsForwardedByteForByteAfterTheDeferredHeaderReply() throws Exception {
        var ex = exchange().send(requestHeaders(false, ":method", "POST", ":path", "/v1/completions", "x-request-id", "req-1"));
        assertTrue(ex.replies().isEmpty(), "the header reply waits for the body");
        ex.send(requestBody(BODY, true));
        List<ProcessingResponse> replies = ex.awaitReplies(2);

        ProcessingResponse headerReply = replies.get(0);
        assertTrue(headerReply.getRequestHeaders().getResponse().getClearRouteCache());
        int length = BODY.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(List.of("x-gateway-destination-endpoint=10.0.0.1:8000", "Content-Length=" + length,
                ":method=POST", ":path=/v1/completions", "x-request-id=req-1"), setHeaders(headerReply));
        assertEquals("10.0.0.1:8000", headerReply.getDynamicMetadata().getFieldsOrThrow("envoy.lb").getStructValue()
                .getFieldsOrThrow("x-gateway-destination-endpoint").getStringValue());
        assertEquals(BODY, body(replies.subList(1, replies.size())).toStringUtf8());
        assertEquals(Status.OK, ex.finish());
        assertEquals(List.of("routed llama llama " + length, "running llama 1", "running llama -1"), metrics.calls);
        assertEquals("req-1", scheduler.scheduled.get(0).requestId());
        assertEquals(List.of(8000), scheduler.preRequestPorts);
    }

    @Test
    void bodyInSeveralChunksSplitInsideAUtf8CharacterIsReassembled() throws Exception {
        byte[] bytes = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo wörld\"}]}".getBytes(StandardCharsets.UTF_8);
        var ex = exchange().send(requestHeaders(false, ":method", "POST"));
        int cut1 = 5;
        int cut2 = indexOf(bytes, (byte) 0xc3) + 1; // between the two bytes of é
        ex.send(requestBody(ByteString.copyFrom(bytes, 0, cut1), false))
                .send(requestBody(ByteString.copyFrom(bytes, cut1, cut2 - cut1), false))
                .send(requestBody(ByteString.copyFrom(bytes, cut2, bytes.length - cut2), true));
        var replies = ex.awaitReplies(2);
        assertEquals(ByteString.copyFrom(bytes), body(replies.subList(1, replies.size())));
        var chat = (epp.scheduling.RequestBody.ChatCompletions) scheduler.scheduled.get(0).body();
        assertEquals("héllo wörld", chat.messages().get(0).content());
        ex.finish();
    }

    @Test
    void modelRewriteReplacesOnlyTheModelValueAndContentLengthMatches() throws Exception {
        var ex = exchange().send(requestHeaders(false, ":method", "POST", "x-gateway-model-name-rewrite", "llama<v2>",
                "x-gateway-inference-objective", "chat", "x-gateway-inference-fairness-id", "tenant-a"));
        ex.send(requestBody(BODY, true));
        var replies = ex.awaitReplies(2);
        String expected = BODY.replace("\"llama\"", "\"llama\\u003cv2\\u003e\"");
        assertEquals(expected, body(replies.subList(1, replies.size())).toStringUtf8());
        List<String> headers = setHeaders(replies.get(0));
        assertEquals("Content-Length=" + expected.getBytes(StandardCharsets.UTF_8).length, headers.get(1));
        assertFalse(headers.stream().anyMatch(h -> h.startsWith("x-gateway-model-name-rewrite")
                || h.startsWith("x-gateway-inference-objective") || h.startsWith("x-gateway-inference-fairness-id")), headers.toString());
        assertEquals("llama<v2>", scheduler.scheduled.get(0).targetModel());
        ex.finish();
        assertTrue(metrics.calls.contains("routed llama llama<v2> " + expected.length()), metrics.calls.toString());
    }

    @Test
    void largeBodyIsSentBackIn62000ByteChunks() throws Exception {
        String prompt = "x".repeat(200 * 1024);
        String large = "{\"model\":\"m\",\"prompt\":\"" + prompt + "\"}";
        var ex = exchange().send(requestHeaders(false, ":method", "POST"));
        ex.send(requestBody(large.substring(0, 100_000), false)).send(requestBody(large.substring(100_000), true));
        int chunks = (large.length() + 61_999) / 62_000;
        var replies = ex.awaitReplies(1 + chunks);
        assertEquals(1 + chunks, replies.size());
        for (var reply : replies.subList(1, replies.size() - 1)) {
            assertEquals(62_000, reply.getRequestBody().getResponse().getBodyMutation().getStreamedResponse().getBody().size());
        }
        assertEquals(large, body(replies.subList(1, replies.size())).toStringUtf8());
        ex.finish();
    }

    @Test
    void invalidJsonIsAnswered400AndTheStreamEndsCleanly() throws Exception {
        var ex = exchange().send(requestHeaders(false, ":method", "POST")).send(requestBody("{\"model\": \"m\",", true));
        assertImmediate(ex, 400, "inference gateway: BadRequest - Error unmarshaling request body");
        assertEquals(List.of("error   BadRequest"), metrics.calls);
    }

    @Test
    void atDebugVerbosityTheInvalidBodyIsQuotedInTheAnswer() throws Exception {
        epp.logging.Log.configure(false, epp.logging.Log.DEBUG);
        try {
            var ex = exchange().send(requestHeaders(false)).send(requestBody("not json", true));
            assertImmediate(ex, 400, "inference gateway: BadRequest - Error unmarshaling request body: not json");
        } finally {
            epp.logging.Log.configure(false, epp.logging.Log.DEFAULT);
        }
    }

    @Test
    void aRequestWithoutRequestIdGetsAGeneratedOneAndHeadersGivenAsValueAreEchoed() throws Exception {
        var headers = io.envoyproxy.envoy.config.core.v3.HeaderMap.newBuilder()
                .addHeaders(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder().setKey(":path").setValue("/v1/chat"));
        var ex = exchange().send(io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest.newBuilder()
                .setRequestHeaders(io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders.newBuilder().setHeaders(headers)).build());
        ex.send(requestBody(BODY, true));
        List<String> echoed = setHeaders(ex.awaitReplies(2).get(0));
        assertTrue(echoed.get(2).matches("x-request-id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), echoed.toString());
        assertEquals(":path=/v1/chat", echoed.get(3));
        assertEquals(echoed.get(2).substring("x-request-id=".length()), scheduler.scheduled.get(0).requestId());
        ex.finish();
    }

    @Test
    void bodyWithoutStringModelIsAnswered400() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody("{\"model\": 3, \"prompt\": \"hi\"}", true));
        assertImmediate(ex, 400, "inference gateway: BadRequest - model not found in request body");
    }

    @Test
    void bodyWithNeitherPromptNorMessagesIsAnswered400() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody("{\"model\": \"m\"}", true));
        assertImmediate(ex, 400, "inference gateway: BadRequest - failed to extract request data: inference gateway: BadRequest - "
                + "invalid chat-completions request: inference gateway: BadRequest - chat-completions request must have at least one message");
    }

    @Test
    void noEndpointsIsAnswered503() throws Exception {
        datastore.setEndpoints(List.of());
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        assertImmediate(ex, 503, "inference gateway: ServiceUnavailable - failed to find candidate pods for serving the request");
        assertEquals(List.of("error llama llama ServiceUnavailable"), metrics.calls);
    }

    @Test
    void schedulerFailureIsAnswered429() throws Exception {
        var ex = exchange().send(requestHeaders(false, "x-test-fail", "1")).send(requestBody(BODY, true));
        assertImmediate(ex, 429, "inference gateway: InferencePoolResourceExhausted - failed to find target pod: "
                + "failed to run scheduler profile 'default'");
    }

    @Test
    void sheddableRequestOnASaturatedPoolIsAnswered429() throws Exception {
        datastore.putObjective(new Objective("batch", -1));
        // every endpoint is idle but its metrics are stale (never scraped), so there is no good capacity
        var ex = exchange().send(requestHeaders(false, "x-gateway-inference-objective", "batch")).send(requestBody(BODY, true));
        assertImmediate(ex, 429, "inference gateway: InferencePoolResourceExhausted - system saturated, sheddable request dropped");
    }

    @Test
    void sheddableRequestWithFreshCapacityIsRouted() throws Exception {
        datastore.putObjective(new Objective("batch", -1));
        datastore.endpoints().get(1).updateMetrics(InMemoryDatastore.metrics(0, 0.1, Instant.now().plusSeconds(60)));
        var ex = exchange().send(requestHeaders(false, "x-gateway-inference-objective", "batch")).send(requestBody(BODY, true));
        assertTrue(ex.awaitReplies(2).get(0).hasRequestHeaders());
        ex.finish();
    }

    @Test
    void subsetHintMatchingAllEndpointsKeepsThemAll() throws Exception {
        var ex = exchange().send(requestHeaders(false))
                .send(requestBodyWithSubset(BODY, List.of("10.0.0.1:8000", "10.0.0.2:8000", "10.0.0.3:8000")));
        ex.awaitReplies(2);
        assertEquals(3, scheduler.candidatesSeen.get(0).size());
        ex.finish();
    }

    @Test
    void subsetHintMatchingSomeEndpointsNarrowsTheCandidates() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBodyWithSubset(BODY, List.of("10.0.0.3:8000", "10.9.9.9:8000")));
        var replies = ex.awaitReplies(2);
        assertEquals(List.of("10.0.0.3"), scheduler.candidatesSeen.get(0).stream().map(e -> e.address()).toList());
        assertEquals("x-gateway-destination-endpoint=10.0.0.3:8000", setHeaders(replies.get(0)).get(0));
        ex.finish();
    }

    @Test
    void subsetHintMatchingNoEndpointIsAnswered503() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBodyWithSubset(BODY, List.of("10.9.9.9:8000")));
        assertImmediate(ex, 503, "inference gateway: ServiceUnavailable - failed to find candidate pods for serving the request");
    }

    @Test
    void emptySubsetHintAllowsNoEndpoint() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBodyWithSubset(BODY, List.of()));
        assertImmediate(ex, 503, "inference gateway: ServiceUnavailable - failed to find candidate pods for serving the request");
    }

    @Test
    void fallbackEndpointsAreListedInPickerOrder() throws Exception {
        scheduler = new LowestQueueScheduler(2);
        datastore.endpoints().get(0).updateMetrics(InMemoryDatastore.metrics(9, 0, Instant.now()));
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        var reply = ex.awaitReplies(2).get(0);
        assertEquals("x-gateway-destination-endpoint=10.0.0.2:8000,10.0.0.3:8000", setHeaders(reply).get(0));
        assertEquals("10.0.0.2:8000,10.0.0.3:8000", reply.getDynamicMetadata().getFieldsOrThrow("envoy.lb").getStructValue()
                .getFieldsOrThrow("x-gateway-destination-endpoint").getStringValue());
        ex.finish();
    }

    @Test
    void getWithoutBodyGoesToSomeEndpointWithoutContentLength() throws Exception {
        var ex = exchange().send(requestHeaders(true, ":method", "GET", ":path", "/health"));
        var reply = ex.awaitReplies(1).get(0);
        List<String> headers = setHeaders(reply);
        assertEquals(2, headers.size(), headers.toString());
        assertTrue(headers.get(0).matches("x-gateway-destination-endpoint=10\\.0\\.0\\.[123]:8000"), headers.toString());
        assertTrue(headers.get(1).matches("x-request-id=[0-9a-f-]{36}"), headers.toString());
        assertEquals(Status.OK, ex.finish());
        assertTrue(scheduler.scheduled.isEmpty());
        assertTrue(metrics.calls.isEmpty());
    }

    @Test
    void getWithoutBodyAndNoEndpointsIsAnswered500() throws Exception {
        datastore.setEndpoints(List.of());
        var ex = exchange().send(requestHeaders(true, ":method", "GET"));
        assertImmediate(ex, 500, "inference gateway: Internal - no pods available in datastore");
    }

    @Test
    void poolNotSyncedFailsTheRpcWithUnknown() throws Exception {
        datastore.setPool(null);
        var ex = exchange().send(requestHeaders(true, ":method", "GET"));
        Status status = ex.awaitEnd();
        assertEquals(Status.Code.UNKNOWN, status.getCode());
        assertTrue(status.getDescription().startsWith("failed to handle request: "), status.getDescription());
    }

    @Test
    void aCancelledStreamAfterRoutingReleasesItsRunningRequest() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        ex.awaitReplies(2);
        assertEquals(Status.Code.CANCELLED, ex.cancel().getCode());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!metrics.calls.contains("running llama -1") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("routed llama llama " + BODY.length(), "running llama 1", "running llama -1"), metrics.calls);
        var next = exchange().send(requestHeaders(true, ":method", "GET"));
        assertTrue(next.awaitReplies(1).get(0).hasRequestHeaders());
        next.finish();
    }

    @Test
    void trailersGetNoReply() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true)).send(requestTrailers());
        ex.awaitReplies(2);
        assertEquals(Status.OK, ex.finish());
        assertEquals(2, ex.replies().size());
    }

    @Test
    void bufferedJsonResponseIsHeldUntilEndOfStreamAndItsUsageRecorded() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        ex.awaitReplies(2);
        ex.send(responseHeaders(":status", "200", "content-type", "application/json"));
        var headerReply = ex.awaitReplies(3).get(2);
        assertEquals(List.of("x-went-into-resp-headers=true", ":status=200", "content-type=application/json"), setHeaders(headerReply));
        String response = "{\"choices\":[{\"text\":\"ok\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
        ex.send(responseBody(response.substring(0, 20), false));
        ex.send(responseBody(response.substring(20), true));
        var replies = ex.awaitReplies(4);
        assertEquals(4, replies.size(), "one reply for both response chunks");
        assertEquals(response, body(replies.subList(3, 4)).toStringUtf8());
        assertEquals(Status.OK, ex.finish());
        assertTrue(metrics.calls.contains("completed llama llama " + response.length()), metrics.calls.toString());
        assertTrue(metrics.calls.contains("tokens llama llama 11 7"), metrics.calls.toString());
        assertEquals(1, scheduler.completed.size());
    }

    @Test
    void nonJsonBufferedResponseIsPassedThroughWithoutMetrics() throws Exception {
        var ex = exchange().send(responseHeaders(":status", "200", "content-type", "text/plain"));
        ex.awaitReplies(1);
        ex.send(responseBody("plain text", true));
        assertEquals("plain text", body(ex.awaitReplies(2).subList(1, 2)).toStringUtf8());
        ex.finish();
        assertTrue(metrics.calls.isEmpty(), metrics.calls.toString());
    }

    @Test
    void sseChunksAreEchoedAtOnceAndUsageIsReadFromTheDoneChunk() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        ex.awaitReplies(2);
        ex.send(responseHeaders(":status", "200", "content-type", "text/event-stream; charset=utf-8"));
        ex.awaitReplies(3);
        String first = "data: {\"choices\":[{\"text\":\"a\"}]}\n\n";
        ex.send(responseBody(first, false));
        var echoed = ex.awaitReplies(4).get(3).getResponseBody().getResponse().getBodyMutation().getStreamedResponse();
        assertEquals(first, echoed.getBody().toStringUtf8());
        assertFalse(echoed.getEndOfStream());
        String last = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\ndata: [DONE]\n\n";
        ex.send(responseBody(last, false));
        ex.awaitReplies(5);
        ex.send(responseBody("", true));
        var end = ex.awaitReplies(6).get(5).getResponseBody().getResponse().getBodyMutation().getStreamedResponse();
        assertTrue(end.getEndOfStream());
        assertEquals(0, end.getBody().size());
        assertEquals(Status.OK, ex.finish());
        assertTrue(metrics.calls.contains("tokens llama llama 5 3"), metrics.calls.toString());
        assertTrue(metrics.calls.contains("completed llama llama 0"), metrics.calls.toString());
    }

    @Test
    void modelServerErrorStatusIsCountedAtStreamEnd() throws Exception {
        var ex = exchange().send(requestHeaders(false)).send(requestBody(BODY, true));
        ex.awaitReplies(2);
        ex.send(responseHeaders("status", "503"));
        ex.awaitReplies(3);
        ex.finish();
        assertTrue(metrics.calls.contains("error llama llama ModelServerError"), metrics.calls.toString());
    }

    private static void assertImmediate(ExtProcExchange ex, int code, String text) throws Exception {
        var reply = ex.awaitReplies(1).get(0);
        assertTrue(reply.hasImmediateResponse(), reply.toString());
        assertEquals(code, reply.getImmediateResponse().getStatus().getCodeValue());
        assertEquals(text, reply.getImmediateResponse().getBody().toStringUtf8());
        assertEquals(Status.OK, ex.awaitEnd());
        assertEquals(1, ex.replies().size());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
