package epp.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Endpoint;
import epp.handlers.ExtProcService;
import epp.requestcontrol.Director;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.testing.ExtProcExchange;
import epp.testing.InMemoryDatastore;
import epp.testing.LowestQueueScheduler;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** §0.5: a request yields an ext_proc span (parent from traceparent), a scheduling span and plugin spans. */
class TracingTest {
    /** Keeps exported spans in memory. */
    static final class MemoryExporter implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Reports one scorer and one picker call to the observer, as the real scheduler does. */
    static final class ObservedScheduler implements Scheduler {
        final Scheduler delegate = new LowestQueueScheduler(1);
        final SchedulingObserver observer;

        ObservedScheduler(SchedulingObserver observer) {
            this.observer = observer;
        }

        @Override
        public SchedulingResult schedule(SchedulingRequest request, List<Endpoint> candidates) throws SchedulingException {
            observer.pluginDuration("Scorer", "queue-scorer", "queue-scorer", Duration.ofMillis(1));
            observer.pluginDuration("Picker", "max-score-picker", "max-score-picker", Duration.ofMillis(1));
            return delegate.schedule(request, candidates);
        }

        @Override
        public void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort) {}
    }

    @Test
    void aRequestIsTracedWithItsSchedulingAndPluginSpans() throws Exception {
        var exporter = new MemoryExporter();
        var tracing = Tracing.withExporter(exporter, Map.of("OTEL_TRACES_SAMPLER_ARG", "1.0"), "test");
        var datastore = InMemoryDatastore.withPods("10.0.0.1");
        var scheduler = new ObservedScheduler(new TracingSchedulingObserver(SchedulingObserver.NONE, tracing.tracer()));
        var director = new Director(datastore, scheduler, (priority, candidates) -> { }, tracing.tracer());
        var server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(new ExtProcService(director, datastore, epp.handlers.RequestMetrics.NONE, tracing)).build().start();
        var channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try {
            var ex = new ExtProcExchange(channel)
                    .send(ExtProcExchange.requestHeaders(false, ":method", "POST", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))
                    .send(ExtProcExchange.requestBody("{\"model\":\"m\",\"prompt\":\"hi\"}", true));
            ex.awaitReplies(2);
            ex.finish();
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            tracing.close();
        }
        SpanData extProc = named(exporter, "epp.ext_proc");
        SpanData scheduling = named(exporter, "epp.scheduling");
        SpanData scorer = named(exporter, "epp.Scorer queue-scorer");
        SpanData picker = named(exporter, "epp.Picker max-score-picker");
        assertEquals(traceId, extProc.getTraceId());
        assertEquals("00f067aa0ba902b7", extProc.getParentSpanId());
        assertEquals(extProc.getSpanId(), scheduling.getParentSpanId());
        assertEquals(scheduling.getSpanId(), scorer.getParentSpanId());
        assertEquals(scheduling.getSpanId(), picker.getParentSpanId());
        assertEquals("10.0.0.1:8000", extProc.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("epp.endpoint")).findFirst().orElseThrow().getValue());
        assertEquals(1L, scheduling.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("epp.candidates")).findFirst().orElseThrow().getValue());
        assertEquals("gateway-api-inference-extension", extProc.getResource().getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("service.name")).findFirst().orElseThrow().getValue());
    }

    /**
     * Issue 12: the real default profile (queue, kv-cache and prefix-cache scorers, max-score picker)
     * with the real metrics, as the EPP runs: one span per plugin call under the scheduling span, and
     * no attribute the span did not ask for (the Prometheus client's exemplar marker).
     */
    @Test
    void theDefaultProfileExportsOneSpanPerPluginUnderSchedulingAndNoStrayAttributes() throws Exception {
        var exporter = new MemoryExporter();
        var tracing = Tracing.withExporter(exporter, Map.of("OTEL_TRACES_SAMPLER_ARG", "1.0"), "test");
        var datastore = InMemoryDatastore.withPods("10.0.0.1", "10.0.0.2");
        var metrics = new epp.server.EppMetrics("", "");
        Scheduler scheduler = epp.scheduling.config.SchedulerLoader.defaultScheduler(datastore,
                new TracingSchedulingObserver(metrics, tracing.tracer()));
        var director = new Director(datastore, scheduler, (priority, candidates) -> { }, tracing.tracer());
        var server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(new ExtProcService(director, datastore, metrics, tracing)).build().start();
        var channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
        try {
            var ex = new ExtProcExchange(channel)
                    .send(ExtProcExchange.requestHeaders(false, ":method", "POST"))
                    .send(ExtProcExchange.requestBody("{\"model\":\"m\",\"prompt\":\"hello world\"}", true));
            ex.awaitReplies(2);
            ex.send(ExtProcExchange.responseHeaders(":status", "200"));
            ex.send(ExtProcExchange.responseBody("{\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}", true));
            ex.awaitReplies(4);
            ex.finish();
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            tracing.close();
        }
        SpanData extProc = named(exporter, "epp.ext_proc");
        SpanData scheduling = named(exporter, "epp.scheduling");
        assertEquals(extProc.getSpanId(), scheduling.getParentSpanId());
        List<String> pluginSpans = exporter.spans.stream().filter(s -> s.getParentSpanId().equals(scheduling.getSpanId()))
                .map(SpanData::getName).sorted().toList();
        // The profile picker runs until it has no profile left (twice), as upstream's scheduler loop does.
        assertEquals(List.of("epp.Picker max-score-picker", "epp.ProcessProfilesResults single-profile-handler",
                "epp.ProfilePicker single-profile-handler", "epp.ProfilePicker single-profile-handler",
                "epp.Scorer kv-cache-utilization-scorer", "epp.Scorer prefix-cache-scorer", "epp.Scorer queue-scorer"), pluginSpans);
        for (SpanData span : exporter.spans) {
            assertTrue(span.getAttributes().asMap().keySet().stream().noneMatch(k -> k.getKey().equals("exemplar")),
                    span.getName() + " carries " + span.getAttributes());
        }
    }

    @Test
    void samplerIsParentBasedRatioAndFallsBackTo0point1() {
        assertTrue(Tracing.sampler(Map.of()).getDescription().contains("TraceIdRatioBased{0.100000}"), Tracing.sampler(Map.of()).getDescription());
        assertTrue(Tracing.sampler(Map.of("OTEL_TRACES_SAMPLER_ARG", "x")).getDescription().contains("0.100000"));
        assertTrue(Tracing.sampler(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.5")).getDescription().startsWith("ParentBased"));
    }

    @Test
    void otlpExporterIsBuiltFromTheChartsEnvironmentAndABadEndpointIsRejected() {
        Tracing.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                "OTEL_RESOURCE_ATTRIBUTES", "k8s.namespace.name=ns,k8s.pod.name=p"), "").close();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tracing.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", "not a url"), ""));
    }

    private static SpanData named(MemoryExporter exporter, String name) {
        return exporter.spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.spans));
    }
}
