package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.ModelServerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StalenessTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

    @Test
    void aSnapshotIsFreshUpToTheWindowInclusive() {
        assertTrue(Staleness.isFresh(updatedAt(NOW.minusMillis(200)), NOW, Staleness.SATURATION_DEFAULT));
        assertFalse(Staleness.isFresh(updatedAt(NOW.minusMillis(201)), NOW, Staleness.SATURATION_DEFAULT));
        assertTrue(Staleness.isFresh(updatedAt(NOW.minusMillis(1999)), NOW, Staleness.POOL_GAUGES_DEFAULT));
    }

    @Test
    void aNeverScrapedSnapshotIsStaleWhateverTheWindow() {
        assertFalse(Staleness.isFresh(ModelServerMetrics.NEVER_SCRAPED, NOW, Duration.ofDays(365 * 100)));
    }

    private static ModelServerMetrics updatedAt(Instant time) {
        return new ModelServerMetrics(0, 0, 0, Set.of(), Set.of(), 0, 0, time);
    }
}
