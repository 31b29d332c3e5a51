package epp.server;

import epp.datastore.Datastore;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;

/**
 * The parts of the EPP that other packages build: the datastore (Kubernetes informers + metric
 * scraping) and the scheduler (the plugin configuration). The runner only wires them; tests and
 * the load benchmark substitute in-memory ones.
 */
public interface Backends {
    /** The datastore for the configured pool, not yet watching; released by {@link #close(Datastore)}. */
    Datastore createDatastore(EppConfig config) throws Exception;

    /**
     * Starts watching; returns once the caches have synced, or, when the API cannot be reached yet,
     * at once while it keeps trying (health says NOT_SERVING meanwhile). The scheduler was built
     * before, so a bad config fails fast.
     */
    void startDatastore(Datastore datastore) throws Exception;

    /** Whether the datastore has seen the pool (health `live`). */
    boolean poolSynced(Datastore datastore);

    /**
     * The scheduler from an EndpointPickerConfig, or the default profile (§0.6) when
     * {@code configText} is null.
     */
    Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) throws Exception;

    /**
     * With `--ha-enable-leader-election`, joins the election and tells whether this replica leads
     * (readiness needs it, §7.2); released by {@link #close(Datastore)}.
     */
    java.util.function.BooleanSupplier startLeaderElection(EppConfig config) throws Exception;

    /**
     * Gives up leadership at once (releases the Lease) so that a standby takes over while this
     * replica drains; the first step of a shutdown. Nothing to do without leader election.
     */
    default void releaseLeadership() {}

    /** Checks `/metrics` bearer tokens with the Kubernetes API (`--metrics-endpoint-auth`). */
    com.sun.net.httpserver.Authenticator metricsAuthenticator();

    /** Releases what {@link #createDatastore} and {@link #startDatastore} hold. */
    default void close(Datastore datastore) {
        if (datastore instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                epp.logging.Log.error("Closing the datastore failed", e);
            }
        }
    }
}
