package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.List;

/**
 * Watches over plain HTTP, as client-go (kubectl wait, rollout status, Helm) makes them, answered as
 * a long poll: after a short delay, one response with the events owed since the requested
 * resourceVersion ({@link WatchEvents#initial}) and a BOOKMARK at the current resourceVersion when
 * bookmarks are allowed; then the stream ends and the client watches again from the last
 * resourceVersion it saw. The fabric8 mock cannot hold a streaming HTTP response open, hence the
 * poll. Callers hold the write lock, so the answer is one consistent snapshot.
 */
final class HttpWatch {
    /** Longer than one second: client-go treats shorter empty watches as failures and backs off. */
    static final Duration POLL = Duration.ofMillis(1200);

    private HttpWatch() {}

    static MockResponse events(ObjectStore store, ResourceType type, ApiPath api, boolean asTable) {
        List<ObjectNode> events = new java.util.ArrayList<>(new WatchEvents(type, api).initial(store));
        if ("true".equals(api.param("allowWatchBookmarks"))) {
            // Moves the client to the current resourceVersion, and counts as an event: client-go
            // reports a watch that ends with none as "very short" and backs off.
            ObjectNode bookmark = Json.object().put("apiVersion", type.apiVersion()).put("kind", type.kind());
            bookmark.putObject("metadata").put("resourceVersion", store.currentResourceVersion());
            events.add(WatchEvents.event("BOOKMARK", bookmark));
        }
        if (asTable) {
            JsonNode crd = store.get(ResourceCatalog.CRDS, null, type.qualifiedPlural()).orElse(null);
            for (ObjectNode e : events) {
                if (!e.get("type").asText().equals("BOOKMARK")) {
                    e.set("object", TableView.of(type, List.of((ObjectNode) e.get("object")),
                            Json.text(e, "object", "metadata", "resourceVersion"), crd));
                }
            }
        }
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append(Json.write(e)).append('\n'));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBodyDelay(POLL).setBody(body.toString());
    }
}
