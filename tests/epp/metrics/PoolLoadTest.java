package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.ModelServerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolLoadTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private static final Duration WINDOW = Duration.ofSeconds(2);

    @Test
    void averagesOverFreshEndpointsOnlyWithAnIntegerQueueAverage() {
        var load = PoolLoad.of(List.of(
                endpoint("a", 3, 0.2, NOW.minusMillis(100)),
                endpoint("b", 4, 0.4, NOW.minusSeconds(1)),
                endpoint("stale", 100, 1.0, NOW.minusSeconds(3)),
                endpoint("never", 0, 0, Instant.EPOCH)), NOW, WINDOW).orElseThrow();

        assertEquals(0.3, load.averageKvCacheUtilization(), 1e-12);
        assertEquals(3, load.averageQueueSize(), "(3 + 4) / 2 in integers");
        assertEquals(2, load.freshEndpoints());
    }

    @Test
    void noFreshEndpointGivesNothingToReport() {
        assertEquals(Optional.empty(), PoolLoad.of(List.of(endpoint("stale", 1, 0.1, NOW.minusSeconds(5))), NOW, WINDOW));
    }

    private static Endpoint endpoint(String pod, int queue, double kv, Instant updated) {
        Endpoint e = new Endpoint(new EndpointId("ns", pod, 0), "10.0.0.1", 8000, Map.of());
        e.updateMetrics(new ModelServerMetrics(queue, 0, kv, Set.of(), Set.of(), 0, 0, updated));
        return e;
    }
}
