package epp.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpTrailers;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ext_proc stream driven like Envoy does it: the test sends messages and waits (bounded) for
 * the replies, then for the stream's end.
 */
public final class ExtProcExchange {
    private static final long TIMEOUT_SECONDS = 10;

    private final List<ProcessingResponse> replies = new ArrayList<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private final StreamObserver<ProcessingRequest> requests;

    public ExtProcExchange(Channel channel) {
        requests = ExternalProcessorGrpc.newStub(channel).process(new StreamObserver<>() {
            @Override
            public void onNext(ProcessingResponse value) {
                synchronized (replies) {
                    replies.add(value);
                    replies.notifyAll();
                }
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
                synchronized (replies) {
                    replies.notifyAll();
                }
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
                synchronized (replies) {
                    replies.notifyAll();
                }
            }
        });
    }

    public ExtProcExchange send(ProcessingRequest request) {
        requests.onNext(request);
        return this;
    }

    /** Waits until at least {@code count} replies arrived, then returns all so far. */
    public List<ProcessingResponse> awaitReplies(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        synchronized (replies) {
            while (replies.size() < count && !end.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("expected " + count + " ext_proc replies, got " + replies.size() + ": " + replies);
                }
                TimeUnit.NANOSECONDS.timedWait(replies, left);
            }
            assertTrue(replies.size() >= count, "stream ended (" + end.getNow(null) + ") after " + replies.size() + " replies: " + replies);
            return List.copyOf(replies);
        }
    }

    public List<ProcessingResponse> replies() {
        synchronized (replies) {
            return List.copyOf(replies);
        }
    }

    /** Half-closes (Envoy ends the stream) and waits for the server's end of stream. */
    public Status finish() throws Exception {
        if (!end.isDone()) {
            requests.onCompleted();
        }
        return end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Cancels the stream as a proxy does when its client goes away. */
    public Status cancel() throws Exception {
        requests.onError(Status.CANCELLED.withDescription("client went away").asRuntimeException());
        return end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for the server to end the stream by itself (after an ImmediateResponse or an error). */
    public Status awaitEnd() throws Exception {
        return end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // ---- message builders -------------------------------------------------------------------

    public static HeaderMap headers(String... keyValues) {
        var map = HeaderMap.newBuilder();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.addHeaders(HeaderValue.newBuilder().setKey(keyValues[i]).setRawValue(ByteString.copyFromUtf8(keyValues[i + 1])));
        }
        return map.build();
    }

    public static ProcessingRequest requestHeaders(boolean endOfStream, String... keyValues) {
        return ProcessingRequest.newBuilder()
                .setRequestHeaders(HttpHeaders.newBuilder().setHeaders(headers(keyValues)).setEndOfStream(endOfStream))
                .build();
    }

    public static ProcessingRequest requestBody(ByteString chunk, boolean endOfStream) {
        return ProcessingRequest.newBuilder().setRequestBody(HttpBody.newBuilder().setBody(chunk).setEndOfStream(endOfStream)).build();
    }

    public static ProcessingRequest requestBody(String chunk, boolean endOfStream) {
        return requestBody(ByteString.copyFrom(chunk, StandardCharsets.UTF_8), endOfStream);
    }

    /** A body message carrying the `envoy.lb.subset_hint` metadata with these entries. */
    public static ProcessingRequest requestBodyWithSubset(String chunk, List<String> subset) {
        var list = ListValue.newBuilder();
        subset.forEach(s -> list.addValues(Value.newBuilder().setStringValue(s)));
        var hint = Struct.newBuilder().putFields("x-gateway-destination-endpoint-subset", Value.newBuilder().setListValue(list).build());
        return requestBody(chunk, true).toBuilder()
                .setMetadataContext(Metadata.newBuilder().putFilterMetadata("envoy.lb.subset_hint", hint.build()))
                .build();
    }

    public static ProcessingRequest responseHeaders(String... keyValues) {
        return ProcessingRequest.newBuilder()
                .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(keyValues)))
                .build();
    }

    public static ProcessingRequest responseBody(String chunk, boolean endOfStream) {
        return ProcessingRequest.newBuilder()
                .setResponseBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(chunk)).setEndOfStream(endOfStream))
                .build();
    }

    public static ProcessingRequest requestTrailers() {
        return ProcessingRequest.newBuilder().setRequestTrailers(HttpTrailers.newBuilder().setTrailers(headers("x-t", "1"))).build();
    }

    // ---- reply readers ----------------------------------------------------------------------

    /** The set_headers of a request- or response-headers reply as `key=value` strings, in order. */
    public static List<String> setHeaders(ProcessingResponse reply) {
        var common = reply.hasRequestHeaders() ? reply.getRequestHeaders().getResponse() : reply.getResponseHeaders().getResponse();
        return common.getHeaderMutation().getSetHeadersList().stream()
                .map(h -> h.getHeader().getKey() + "=" + h.getHeader().getRawValue().toStringUtf8())
                .toList();
    }

    /** The concatenated streamed body of consecutive body replies, checking EoS only on the last. */
    public static ByteString body(List<ProcessingResponse> bodyReplies) {
        ByteString all = ByteString.EMPTY;
        for (int i = 0; i < bodyReplies.size(); i++) {
            var r = bodyReplies.get(i);
            var common = r.hasRequestBody() ? r.getRequestBody().getResponse() : r.getResponseBody().getResponse();
            var streamed = common.getBodyMutation().getStreamedResponse();
            assertTrue(streamed.getEndOfStream() == (i == bodyReplies.size() - 1), "EoS only on the last chunk, chunk " + i);
            all = all.concat(streamed.getBody());
        }
        return all;
    }
}
