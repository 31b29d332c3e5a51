package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Watches over plain HTTP, as client-go (kubectl wait, rollout status, Helm) makes them, answered as
 * a long poll: after a short delay, one response with the events since the requested resourceVersion
 * (objects changed since, as MODIFIED, deleted ones as DELETED; everything as ADDED when no
 * resourceVersion is given, and a BOOKMARK at the current resourceVersion when bookmarks are allowed),
 * then the stream ends and the client watches again from the last resourceVersion it saw. Callers
 * hold the write lock, so the answer is one consistent snapshot. The fabric8 mock cannot hold a
 * streaming HTTP response open, hence the poll.
 */
final class HttpWatch {
    /** Longer than one second: client-go treats shorter empty watches as failures and backs off. */
    static final Duration POLL = Duration.ofMillis(1200);

    private HttpWatch() {}

    static boolean isHttpWatch(String upgradeHeader) {
        return upgradeHeader == null || !upgradeHeader.equalsIgnoreCase("websocket");
    }

    static MockResponse events(ObjectStore store, ResourceType type, ApiPath api, boolean asTable) {
        LabelSelector labels = LabelSelector.parse(api.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(api.name() == null ? api.param("fieldSelector")
                : "metadata.name=" + api.name());
        String since = api.param("resourceVersion");
        boolean initial = since == null || since.isEmpty() || since.equals("0");
        long from = initial ? 0 : parse(since);
        List<ObjectNode> changes = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (ObjectNode o : store.list(type, api.namespace())) {
            if (labels.matches(o) && fields.matches(o) && rv(o) > from) {
                changes.add(event(initial ? "ADDED" : "MODIFIED", o));
            }
        }
        if (!initial) {
            for (ObjectNode o : store.deleted(type, api.namespace())) {
                if (labels.matches(o) && fields.matches(o) && rv(o) > from) {
                    changes.add(event("DELETED", o));
                }
            }
        }
        changes.sort(Comparator.comparingLong(e -> rv((ObjectNode) e.get("object"))));
        if ("true".equals(api.param("allowWatchBookmarks"))) {
            // Moves the client to the current resourceVersion, and counts as an event: client-go
            // reports a watch that ends with none as "very short" and backs off.
            ObjectNode bookmark = Json.object().put("apiVersion", type.apiVersion()).put("kind", type.kind());
            bookmark.putObject("metadata").put("resourceVersion", store.currentResourceVersion());
            changes.add(event("BOOKMARK", bookmark));
        }
        if (asTable) {
            JsonNode crd = store.get(ResourceCatalog.CRDS, null, type.qualifiedPlural()).orElse(null);
            for (ObjectNode e : changes) {
                if (!e.get("type").asText().equals("BOOKMARK")) {
                    e.set("object", TableView.of(type, List.of((ObjectNode) e.get("object")),
                            Json.text(e, "object", "metadata", "resourceVersion"), crd));
                }
            }
        }
        changes.forEach(e -> body.append(Json.write(e)).append('\n'));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBodyDelay(POLL).setBody(body.toString());
    }

    private static ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = Json.object().put("type", type);
        event.set("object", object);
        return event;
    }

    private static long rv(ObjectNode o) {
        return parse(Json.text(o, "metadata", "resourceVersion"));
    }

    private static long parse(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resourceVersion \"" + resourceVersion + "\": expected a number"
                    + " this server gave out");
        }
    }
}
