package epp.tracing;

import epp.logging.Log;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry for the EPP (epp.md §0.5, §1.2, §7.5): configured from the OTEL_* variables the
 * chart sets, W3C trace-context and baggage propagation, parent-based trace-id-ratio sampling, spans
 * batched to OTLP/gRPC (`OTEL_TRACES_EXPORTER=otlp`) or printed (`console`, the default).
 * With `--tracing=false` the API's no-op implementation is used and nothing is recorded.
 */
public final class Tracing implements AutoCloseable {
    public static final String SERVICE_NAME = "gateway-api-inference-extension";
    public static final String INSTRUMENTATION = "epp";

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider provider;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
    }

    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    public static Tracing fromEnv(Map<String, String> env, String buildRef) {
        String exporterName = env.getOrDefault("OTEL_TRACES_EXPORTER", "console");
        SpanExporter exporter = exporterName.equals("otlp")
                ? OtlpGrpcSpanExporter.builder().setEndpoint(nonEmpty(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"), "http://localhost:4317")).build()
                : LoggingSpanExporter.create();
        return withExporter(exporter, env, buildRef);
    }

    /** Tracing that sends spans to {@code exporter} (tests pass an in-memory one). */
    public static Tracing withExporter(SpanExporter exporter, Map<String, String> env, String buildRef) {
        var provider = SdkTracerProvider.builder()
                .setResource(resource(env, buildRef))
                .setSampler(sampler(env))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        var sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        return new Tracing(sdk, provider);
    }

    private static Resource resource(Map<String, String> env, String buildRef) {
        AttributesBuilder attributes = Attributes.builder();
        for (String pair : env.getOrDefault("OTEL_RESOURCE_ATTRIBUTES", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                attributes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        attributes.put("service.name", nonEmpty(env.get("OTEL_SERVICE_NAME"), SERVICE_NAME));
        attributes.put("service.version", buildRef);
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    /** `parentbased_traceidratio` with OTEL_TRACES_SAMPLER_ARG (default 0.1); other samplers are logged and replaced. */
    static Sampler sampler(Map<String, String> env) {
        String name = env.getOrDefault("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
        if (!name.equals("parentbased_traceidratio")) {
            Log.warn("Unsupported OTEL_TRACES_SAMPLER, using parentbased_traceidratio", "sampler", name);
        }
        double ratio = 0.1;
        String arg = env.get("OTEL_TRACES_SAMPLER_ARG");
        if (arg != null) {
            try {
                ratio = Double.parseDouble(arg.trim());
            } catch (NumberFormatException e) {
                Log.warn("Invalid OTEL_TRACES_SAMPLER_ARG, using 0.1", "value", arg);
            }
        }
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    public TextMapPropagator propagator() {
        return openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Flushes the spans still batched. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
