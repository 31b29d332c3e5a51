package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.testing.InMemoryDatastore;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pool-level gauges of §7.1: fresh endpoints only, integer queue average, unchanged when none is fresh. */
class EppMetricsTest {
    private static double gauge(EppMetrics metrics, String name) {
        return metrics.registry().scrape().stream().filter(s -> s.getMetadata().getPrometheusName().equals(name))
                .map(s -> ((GaugeSnapshot) s).getDataPoints().get(0).getValue()).findFirst().orElseThrow();
    }

    @Test
    void poolGaugesAverageFreshEndpointsOnly() {
        var now = Instant.parse("2026-01-01T00:00:00Z");
        var datastore = InMemoryDatastore.withPods("10.0.0.1", "10.0.0.2", "10.0.0.3");
        datastore.endpoints().get(0).updateMetrics(InMemoryDatastore.metrics(3, 0.2, now));
        datastore.endpoints().get(1).updateMetrics(InMemoryDatastore.metrics(4, 0.4, now.minusSeconds(1)));
        datastore.endpoints().get(2).updateMetrics(InMemoryDatastore.metrics(100, 1.0, now.minusSeconds(3)));
        var metrics = new EppMetrics("", "");
        metrics.refreshPoolGauges(datastore, Duration.ofSeconds(2), now);
        assertEquals(0.3, gauge(metrics, "inference_pool_average_kv_cache_utilization"), 1e-9);
        assertEquals(3.0, gauge(metrics, "inference_pool_average_queue_size"), "integer division of 7 / 2");
        assertEquals(2.0, gauge(metrics, "inference_pool_ready_pods"));

        metrics.refreshPoolGauges(datastore, Duration.ofSeconds(2), now.plusSeconds(60));
        assertEquals(2.0, gauge(metrics, "inference_pool_ready_pods"), "kept when no endpoint is fresh");
    }
}
