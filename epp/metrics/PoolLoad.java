package epp.metrics;

import epp.datastore.Endpoint;
import epp.datastore.ModelServerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the pool-level gauges show (epp.md §7.1), computed over the endpoints whose snapshot is
 * fresh (`--metrics-staleness-threshold`, 2 s): `inference_pool_average_kv_cache_utilization`,
 * `inference_pool_average_queue_size` (integer division, as the reference) and
 * `inference_pool_ready_pods` (the count of fresh endpoints, not of ready ones).
 */
public record PoolLoad(double averageKvCacheUtilization, long averageQueueSize, int freshEndpoints) {

    /** Empty when no endpoint is fresh: the reference then leaves the gauges at their last value. */
    public static Optional<PoolLoad> of(List<Endpoint> endpoints, Instant now, Duration stalenessThreshold) {
        int fresh = 0;
        double kvSum = 0;
        long queueSum = 0;
        for (Endpoint endpoint : endpoints) {
            ModelServerMetrics m = endpoint.metrics();
            if (Staleness.isFresh(m, now, stalenessThreshold)) {
                fresh++;
                kvSum += m.kvCacheUsagePercent();
                queueSum += m.waitingQueueSize();
            }
        }
        return fresh == 0 ? Optional.empty() : Optional.of(new PoolLoad(kvSum / fresh, queueSum / fresh, fresh));
    }
}
