package epp.datastore;

import epp.logging.Log;

/**
 * Whether the datastore's watches reach the Kubernetes API, as one log line when they are lost
 * and one when they are back (issue 12): the EPP goes on routing from its last known state
 * meanwhile, so an operator needs to see that the state may be getting old.
 */
final class ApiConnection {
    private final String apiServer;
    private boolean watching = true;

    ApiConnection(String apiServer) {
        this.apiServer = apiServer;
    }

    /** Called periodically with whether every informer is watching; logs only the transitions. */
    synchronized void observe(boolean nowWatching, String downInformers) {
        if (watching && !nowWatching) {
            Log.warn("Lost the Kubernetes API: routing from the last known pool and pods until the watches are back",
                    "apiServer", apiServer, "informers", downInformers);
        } else if (!watching && nowWatching) {
            Log.info("Kubernetes API regained: watching again", "apiServer", apiServer);
        }
        watching = nowWatching;
    }

    synchronized boolean watching() {
        return watching;
    }
}
