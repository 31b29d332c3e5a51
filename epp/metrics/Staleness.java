package epp.metrics;

import epp.datastore.ModelServerMetrics;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a snapshot is recent enough for a consumer (epp.md §4.5): the saturation detector uses
 * `SD_METRICS_STALENESS_THRESHOLD` (200 ms), the pool gauges and debug dump
 * `--metrics-staleness-threshold` (2 s); the scheduler uses snapshots whatever their age. A
 * never-scraped snapshot is always stale.
 */
public final class Staleness {
    public static final Duration SATURATION_DEFAULT = Duration.ofMillis(200);
    public static final Duration POOL_GAUGES_DEFAULT = Duration.ofSeconds(2);

    private Staleness() {}

    /** Fresh ⇔ updated at most {@code window} before {@code now} (the reference: stale iff age > window). */
    public static boolean isFresh(ModelServerMetrics metrics, Instant now, Duration window) {
        return !metrics.updateTime().equals(Instant.EPOCH)
                && Duration.between(metrics.updateTime(), now).compareTo(window) <= 0;
    }
}
