package epp.scheduling.framework;

import epp.datastore.Endpoint;
import epp.datastore.ModelServerMetrics;

/**
 * An endpoint as one schedule call sees it: its metrics snapshot is read once when the call starts,
 * so every plugin of that call works on the same values even while the scraper swaps snapshots.
 */
public record Candidate(Endpoint endpoint, ModelServerMetrics metrics) {
    public static Candidate of(Endpoint endpoint) {
        return new Candidate(endpoint, endpoint.metrics());
    }
}
