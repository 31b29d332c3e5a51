package epp.scheduling;

import epp.datastore.Endpoint;
import java.util.List;

/**
 * Picks endpoints for a request from candidates (epp.md §5), and runs the request-control hooks of
 * the configured plugins. Built from an EndpointPickerConfig by the scheduling package's loader.
 * Implementations are thread-safe: the ext_proc server calls them from many streams at once.
 */
public interface Scheduler {
    /**
     * @param candidates endpoints allowed by the subset hint; each call reads each endpoint's
     *                   metrics snapshot once
     */
    SchedulingResult schedule(SchedulingRequest request, List<Endpoint> candidates) throws SchedulingException;

    /** PreRequest plugins (the prefix-cache scorer records the chosen server's prefix hashes). */
    void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort);

    /** ResponseComplete plugins (none in-tree at the reference commit; kept for custom plugins). */
    default void responseComplete(SchedulingRequest request, SchedulingResult result) {}
}
