package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches over WebSocket (fabric8's watches and informers): the events owed at the start, then one
 * text frame per stored change the watch selects, with the local API's selectors (set-based ones
 * included) and resourceVersion semantics. {@link Hub} fans stored changes out to the open watches.
 */
final class WebSocketWatch extends WebSocketListener {
    /** The open watches of one API; receives every stored change. */
    static final class Hub implements Consumer<ObjectStore.Change> {
        private final Set<WebSocketWatch> watches = ConcurrentHashMap.newKeySet();

        @Override
        public void accept(ObjectStore.Change change) {
            for (WebSocketWatch watch : watches) {
                watch.offer(change);
            }
        }
    }

    private final Hub hub;
    private final ObjectStore store;
    private final WatchEvents selection;
    private final Object writeLock;
    private volatile WebSocket socket;

    WebSocketWatch(Hub hub, ObjectStore store, WatchEvents selection, Object writeLock) {
        this.hub = hub;
        this.store = store;
        this.selection = selection;
        this.writeLock = writeLock;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        socket = ws;
        // under the write lock: no change can fall between the initial events and the subscription
        synchronized (writeLock) {
            selection.initial(store).forEach(this::send);
            hub.watches.add(this);
        }
    }

    private void offer(ObjectStore.Change change) {
        ObjectNode event = selection.eventFor(change);
        if (event != null) {
            send(event);
        }
    }

    private void send(ObjectNode event) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.send(Json.write(event));
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        hub.watches.remove(this);
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        hub.watches.remove(this);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        hub.watches.remove(this);
    }
}
