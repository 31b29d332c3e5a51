package gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ext_proc messages the gateway sends, as Envoy builds them, and readers of the replies. */
final class ExtProcMessages {
    static final String DESTINATION_ENDPOINT = "x-gateway-destination-endpoint";
    static final String LB_NAMESPACE = "envoy.lb";

    /** Sent on the first message of every stream: the mode GAIE gateways configure. */
    private static final ProtocolConfiguration FULL_DUPLEX = ProtocolConfiguration.newBuilder()
            .setRequestBodyMode(BodySendMode.FULL_DUPLEX_STREAMED)
            .setResponseBodyMode(BodySendMode.FULL_DUPLEX_STREAMED)
            .build();

    private ExtProcMessages() {}

    /** Request headers: HTTP/1's pseudo-headers as Envoy presents them, then the headers with lower-case names. */
    static ProcessingRequest requestHeaders(String method, String scheme, String authority, String path, MultiMap headers,
                                            boolean endOfStream) {
        var map = HeaderMap.newBuilder();
        add(map, ":method", method);
        add(map, ":scheme", scheme);
        add(map, ":authority", authority);
        add(map, ":path", path);
        for (var header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("host")) {
                add(map, name, header.getValue());
            }
        }
        return ProcessingRequest.newBuilder().setProtocolConfig(FULL_DUPLEX)
                .setRequestHeaders(HttpHeaders.newBuilder().setHeaders(map).setEndOfStream(endOfStream)).build();
    }

    static ProcessingRequest responseHeaders(int status, MultiMap headers, boolean endOfStream) {
        var map = HeaderMap.newBuilder();
        add(map, ":status", Integer.toString(status));
        for (var header : headers) {
            add(map, header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        return ProcessingRequest.newBuilder()
                .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(map).setEndOfStream(endOfStream)).build();
    }

    static ProcessingRequest requestBody(Buffer chunk, boolean endOfStream) {
        return ProcessingRequest.newBuilder().setRequestBody(body(chunk, endOfStream)).build();
    }

    static ProcessingRequest responseBody(Buffer chunk, boolean endOfStream) {
        return ProcessingRequest.newBuilder().setResponseBody(body(chunk, endOfStream)).build();
    }

    private static HttpBody body(Buffer chunk, boolean endOfStream) {
        ByteString bytes = chunk == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(chunk.getBytes());
        return HttpBody.newBuilder().setBody(bytes).setEndOfStream(endOfStream).build();
    }

    private static void add(HeaderMap.Builder map, String key, String value) {
        map.addHeaders(HeaderValue.newBuilder().setKey(key).setRawValue(ByteString.copyFromUtf8(value)));
    }

    // ---- replies -----------------------------------------------------------------------------

    /** A header's value as Envoy reads it: {@code raw_value} when set, else {@code value}. */
    static String value(HeaderValue header) {
        return header.getRawValue().isEmpty() ? header.getValue() : header.getRawValue().toStringUtf8();
    }

    /**
     * Whether the option appends rather than replaces: in ext_proc replies `append` defaults to
     * false (Envoy's HeaderMutation docs); the field is deprecated elsewhere but Envoy reads it here.
     */
    @SuppressWarnings("deprecation")
    static boolean appends(HeaderValueOption option) {
        return option.hasAppend() && option.getAppend().getValue();
    }

    /**
     * The destination endpoints the EPP picked, in order: the `envoy.lb` dynamic metadata (what
     * Envoy's original-destination load balancer reads), else the `x-gateway-destination-endpoint`
     * header it set; empty when it named none.
     */
    static List<String> destinations(Struct dynamicMetadata, List<HeaderValueOption> setHeaders) {
        String listed = null;
        Value lb = dynamicMetadata.getFieldsMap().get(LB_NAMESPACE);
        if (lb != null && lb.hasStructValue()) {
            Value destination = lb.getStructValue().getFieldsMap().get(DESTINATION_ENDPOINT);
            if (destination != null && destination.hasStringValue()) {
                listed = destination.getStringValue();
            }
        }
        if (listed == null) {
            for (HeaderValueOption option : setHeaders) {
                if (option.getHeader().getKey().equalsIgnoreCase(DESTINATION_ENDPOINT)) {
                    listed = value(option.getHeader());
                }
            }
        }
        List<String> endpoints = new ArrayList<>();
        if (listed != null) {
            for (String part : listed.split(",")) {
                if (!part.isBlank()) {
                    endpoints.add(part.trim());
                }
            }
        }
        return endpoints;
    }

    /** The body bytes a body mutation carries (streamed chunk or whole replacement), shared with the message. */
    static Buffer mutatedBody(BodyMutation mutation) {
        ByteString bytes = switch (mutation.getMutationCase()) {
            case STREAMED_RESPONSE -> mutation.getStreamedResponse().getBody();
            case BODY -> mutation.getBody();
            default -> ByteString.EMPTY;
        };
        return buffer(bytes);
    }

    static Buffer buffer(ByteString bytes) {
        return Buffer.buffer(bytes.toByteArray());
    }

    /** Whether a body mutation ends the body: a streamed chunk with end_of_stream, a whole replacement, or a clear. */
    static boolean endsBody(BodyMutation mutation) {
        return switch (mutation.getMutationCase()) {
            case STREAMED_RESPONSE -> mutation.getStreamedResponse().getEndOfStream();
            case BODY, CLEAR_BODY -> true;
            default -> false;
        };
    }
}
