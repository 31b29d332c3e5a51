package epp.requestcontrol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Endpoint;
import epp.testing.InMemoryDatastore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Saturation detector (§6.1), its env configuration (§1.2) and legacy admission (§6.2). */
class SaturationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final SaturationDetector detector = new SaturationDetector(SaturationConfig.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Endpoint endpoint(int queue, double kv, Duration age) {
        Endpoint e = InMemoryDatastore.endpoint("p", "10.0.0.1", 8000);
        e.updateMetrics(InMemoryDatastore.metrics(queue, kv, NOW.minus(age)));
        return e;
    }

    @Test
    void oneFreshEndpointWithCapacityMeansNotSaturated() {
        assertFalse(detector.saturated(List.of(endpoint(9, 0.1, Duration.ZERO), endpoint(5, 0.8, Duration.ofMillis(200)))));
    }

    @Test
    void longQueuesFullCachesOrStaleMetricsMeanSaturated() {
        assertTrue(detector.saturated(List.of(endpoint(6, 0.1, Duration.ZERO))));
        assertTrue(detector.saturated(List.of(endpoint(0, 0.81, Duration.ZERO))));
        assertTrue(detector.saturated(List.of(endpoint(0, 0.1, Duration.ofMillis(201)))));
        assertTrue(detector.saturated(List.of(InMemoryDatastore.endpoint("new", "10.0.0.9", 8000))), "never scraped");
        assertTrue(detector.saturated(List.of()));
    }

    @Test
    void onlySheddableRequestsAreDroppedWhenSaturated() {
        var admission = new LegacyAdmission(detector);
        List<Endpoint> saturated = List.of(endpoint(50, 0.99, Duration.ZERO));
        assertDoesNotThrow(() -> admission.admit(0, saturated));
        var error = assertThrows(EppError.class, () -> admission.admit(-1, saturated));
        assertEquals(429, error.code().httpStatus());
        assertDoesNotThrow(() -> admission.admit(-1, List.of(endpoint(0, 0, Duration.ZERO))));
    }

    @Test
    void envOverridesThresholdsAndInvalidValuesKeepDefaults() {
        assertEquals(new SaturationConfig(9, 0.5, Duration.ofSeconds(1)), SaturationConfig.fromEnv(Map.of(
                "SD_QUEUE_DEPTH_THRESHOLD", "9", "SD_KV_CACHE_UTIL_THRESHOLD", "0.5", "SD_METRICS_STALENESS_THRESHOLD", "1s")));
        assertEquals(SaturationConfig.DEFAULT, SaturationConfig.fromEnv(Map.of(
                "SD_QUEUE_DEPTH_THRESHOLD", "0", "SD_KV_CACHE_UTIL_THRESHOLD", "1", "SD_METRICS_STALENESS_THRESHOLD", "soon")));
        assertEquals(SaturationConfig.DEFAULT, SaturationConfig.fromEnv(Map.of()));
    }
}
