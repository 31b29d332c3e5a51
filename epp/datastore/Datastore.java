package epp.datastore;

import java.util.List;
import java.util.Optional;

/**
 * What the EPP knows about its pool from the Kubernetes API (epp.md §3): the pool, its ready
 * endpoints and the objectives. Reads are cheap and never block; the request path calls them on
 * every request.
 */
public interface Datastore {
    /** The pool, once it has been seen ("pool synced"). */
    Optional<PoolInfo> pool();

    /** The current ready endpoints (pod × target port), an immutable snapshot. */
    List<Endpoint> endpoints();

    Optional<Objective> objective(String name);

    /** Listeners are told when endpoints come and go (the scraper starts and stops loops with it). */
    void addListener(EndpointListener listener);

    interface EndpointListener {
        void endpointAdded(Endpoint endpoint);

        void endpointRemoved(Endpoint endpoint);
    }
}
