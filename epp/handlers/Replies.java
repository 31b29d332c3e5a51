package epp.handlers;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.StreamedBodyResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ext_proc messages the EPP sends, exactly as epp.md §2.3 lists them. */
public final class Replies {
    public static final String DESTINATION_ENDPOINT = "x-gateway-destination-endpoint";
    public static final String LB_NAMESPACE = "envoy.lb";
    /** Envoy's per-message body limit is larger, but upstream splits streamed bodies at this size. */
    public static final int BODY_CHUNK_BYTES = 62_000;

    private Replies() {}

    /** §2.3a: destination header + metadata, the new Content-Length (when &gt; 0), then the echoed headers. */
    public static ProcessingResponse requestHeaders(String targetEndpoint, long contentLength, Map<String, String> echoed) {
        var mutation = HeaderMutation.newBuilder().addSetHeaders(header(DESTINATION_ENDPOINT, targetEndpoint));
        if (contentLength > 0) {
            mutation.addSetHeaders(header("Content-Length", Long.toString(contentLength)));
        }
        echoed.forEach((k, v) -> mutation.addSetHeaders(header(k, v)));
        var metadata = Struct.newBuilder().putFields(LB_NAMESPACE, Value.newBuilder().setStructValue(
                Struct.newBuilder().putFields(DESTINATION_ENDPOINT, Value.newBuilder().setStringValue(targetEndpoint).build())).build());
        return ProcessingResponse.newBuilder()
                .setRequestHeaders(HeadersResponse.newBuilder().setResponse(
                        CommonResponse.newBuilder().setClearRouteCache(true).setHeaderMutation(mutation)))
                .setDynamicMetadata(metadata)
                .build();
    }

    /** §2.3c: the marker header plus every response header echoed. */
    public static ProcessingResponse responseHeaders(Map<String, String> headers) {
        var mutation = HeaderMutation.newBuilder().addSetHeaders(header("x-went-into-resp-headers", "true"));
        headers.forEach((k, v) -> mutation.addSetHeaders(header(k, v)));
        return ProcessingResponse.newBuilder()
                .setResponseHeaders(HeadersResponse.newBuilder().setResponse(CommonResponse.newBuilder().setHeaderMutation(mutation)))
                .build();
    }

    /**
     * §2.3b/d: {@code body} split into streamed chunks of at most 62000 bytes, the last one carrying
     * {@code endOfStream}; an empty body is one empty chunk. The chunks share the body's bytes.
     */
    public static List<ProcessingResponse> bodyChunks(ByteString body, boolean endOfStream, boolean request) {
        List<ProcessingResponse> replies = new ArrayList<>(body.size() / BODY_CHUNK_BYTES + 1);
        int offset = 0;
        do {
            int end = Math.min(body.size(), offset + BODY_CHUNK_BYTES);
            boolean last = end == body.size();
            var streamed = StreamedBodyResponse.newBuilder().setBody(body.substring(offset, end)).setEndOfStream(last && endOfStream);
            var response = BodyResponse.newBuilder().setResponse(CommonResponse.newBuilder()
                    .setBodyMutation(BodyMutation.newBuilder().setStreamedResponse(streamed)));
            var reply = ProcessingResponse.newBuilder();
            if (request) {
                reply.setRequestBody(response);
            } else {
                reply.setResponseBody(response);
            }
            replies.add(reply.build());
            offset = end;
        } while (offset < body.size());
        return replies;
    }

    /** §2.3e: the HTTP answer for a failed request; body = the error text. */
    public static ProcessingResponse immediate(int httpStatus, String body) {
        return ProcessingResponse.newBuilder()
                .setImmediateResponse(ImmediateResponse.newBuilder()
                        .setStatus(HttpStatus.newBuilder().setCodeValue(httpStatus))
                        .setBody(ByteString.copyFrom(body, StandardCharsets.UTF_8)))
                .build();
    }

    private static HeaderValueOption header(String key, String value) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(key).setRawValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)))
                .build();
    }
}
