package epp.requestcontrol;

import epp.datastore.Endpoint;
import epp.datastore.ModelServerMetrics;
import epp.metrics.Staleness;
import java.time.Clock;
import java.util.List;

/**
 * The pool is saturated for a request when none of its candidates has good capacity: fresh metrics
 * (within the SD staleness window), a short queue and KV-cache headroom (epp.md §6.1).
 */
public final class SaturationDetector {
    private final SaturationConfig config;
    private final Clock clock;

    public SaturationDetector(SaturationConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean saturated(List<Endpoint> candidates) {
        var now = clock.instant();
        for (Endpoint endpoint : candidates) {
            if (hasCapacity(endpoint.metrics(), now)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasCapacity(ModelServerMetrics m, java.time.Instant now) {
        return m != null
                && Staleness.isFresh(m, now, config.metricsStalenessThreshold())
                && m.waitingQueueSize() <= config.queueDepthThreshold()
                && m.kvCacheUsagePercent() <= config.kvCacheUtilThreshold();
    }
}
