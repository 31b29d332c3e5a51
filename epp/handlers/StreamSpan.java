package epp.handlers;

import epp.tracing.Tracing;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;

/**
 * The span of one ext_proc stream (epp.md §0.5): started at the first headers message with the
 * request's W3C `traceparent` as parent, ended at stream end with the routing outcome.
 */
final class StreamSpan {
    private static final TextMapGetter<HeaderMap> HEADERS = new TextMapGetter<>() {
        @Override
        @SuppressWarnings("deprecation") // still abstract in the API; only propagators that enumerate keys call it
        public Iterable<String> keys(HeaderMap carrier) {
            List<String> keys = new ArrayList<>();
            carrier.getHeadersList().forEach(h -> keys.add(h.getKey()));
            return keys;
        }

        @Override
        public String get(HeaderMap carrier, String key) {
            if (carrier == null) {
                return null;
            }
            for (HeaderValue h : carrier.getHeadersList()) {
                if (h.getKey().equalsIgnoreCase(key)) {
                    return h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toStringUtf8();
                }
            }
            return null;
        }
    };

    private final Tracing tracing;
    private Span span = Span.getInvalid();

    StreamSpan(Tracing tracing) {
        this.tracing = tracing;
    }

    void start(HeaderMap headers) {
        if (span.getSpanContext().isValid()) {
            return;
        }
        Context parent = tracing.propagator().extract(Context.root(), headers, HEADERS);
        span = tracing.tracer().spanBuilder("epp.ext_proc").setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        String method = HEADERS.get(headers, ":method");
        if (method != null) {
            span.setAttribute("http.request.method", method);
        }
    }

    Scope makeCurrent() {
        return span.makeCurrent();
    }

    void routed(String model, String targetModel, String endpoint) {
        span.setAttribute("epp.model", model);
        span.setAttribute("epp.target_model", targetModel);
        span.setAttribute("epp.endpoint", endpoint);
    }

    void end(String errorCode, boolean modelServerError) {
        if (errorCode != null) {
            span.setAttribute("epp.error_code", errorCode);
            span.setStatus(StatusCode.ERROR, errorCode);
        } else if (modelServerError) {
            span.setAttribute("epp.error_code", "ModelServerError");
        }
        span.end();
    }
}
