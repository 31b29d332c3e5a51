package epp.datastore;

import java.time.Instant;
import java.util.Set;

/**
 * What the EPP knows about one endpoint from its last scrape (epp.md §4.1). Immutable: the scraper
 * builds a new one per scrape and swaps it into the {@link Endpoint} atomically; the
 * scheduler reads whole snapshots and never sees a half-written one.
 *
 * @param updateTime when the scrape that produced these values finished; {@link Instant#EPOCH} for a
 *                   new endpoint that was never scraped (it looks idle to scorers and stale to the
 *                   saturation detector)
 */
public record ModelServerMetrics(
        int waitingQueueSize,
        int runningQueueSize,
        double kvCacheUsagePercent,
        Set<String> activeModels,
        Set<String> waitingModels,
        int maxActiveModels,
        int cacheBlockSize,
        Instant updateTime) {

    /** The all-zero snapshot a new endpoint starts with. */
    public static final ModelServerMetrics NEVER_SCRAPED =
            new ModelServerMetrics(0, 0, 0.0, Set.of(), Set.of(), 0, 0, Instant.EPOCH);

    public ModelServerMetrics {
        activeModels = Set.copyOf(activeModels);
        waitingModels = Set.copyOf(waitingModels);
    }
}
