package epp.tracing;

import epp.scheduling.SchedulingObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the scheduler's per-plugin timings into child spans of the current (scheduling) span, one
 * per filter, scorer, picker and hook call, then passes every call on to {@code delegate} (the
 * Prometheus metrics). The scheduler reports on the thread that called it, so the current span is
 * that request's scheduling span.
 */
public final class TracingSchedulingObserver implements SchedulingObserver {
    private final SchedulingObserver delegate;
    private final Tracer tracer;

    public TracingSchedulingObserver(SchedulingObserver delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public void schedulerDuration(Duration duration) {
        delegate.schedulerDuration(duration);
    }

    @Override
    public void pluginDuration(String extensionPoint, String pluginType, String pluginName, Duration duration) {
        delegate.pluginDuration(extensionPoint, pluginType, pluginName, duration);
        if (!Span.current().getSpanContext().isSampled()) {
            return;
        }
        Instant end = Instant.now();
        tracer.spanBuilder("epp." + extensionPoint + " " + pluginType)
                .setStartTimestamp(end.minus(duration))
                .setAttribute("epp.extension_point", extensionPoint)
                .setAttribute("epp.plugin.type", pluginType)
                .setAttribute("epp.plugin.name", pluginName)
                .startSpan()
                .end(end);
    }

    @Override
    public void prefixIndexerHit(long hitBytes, double hitRatio, boolean hasRatio) {
        delegate.prefixIndexerHit(hitBytes, hitRatio, hasRatio);
    }

    @Override
    public void prefixIndexerSize(long entries) {
        delegate.prefixIndexerSize(entries);
    }
}
