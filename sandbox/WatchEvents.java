package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one watch request selects (type, namespace, name, label and field selectors, starting
 * resourceVersion) and the events it is owed: at the start, everything as ADDED when no
 * resourceVersion is given, else the net changes since it (MODIFIED, and DELETED from the store's
 * tombstones); afterwards, the event a stored change means for this watch.
 */
final class WatchEvents {
    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final String since;

    WatchEvents(ResourceType type, ApiPath api) {
        this.type = type;
        this.namespace = api.namespace();
        this.labels = LabelSelector.parse(api.param("labelSelector"));
        this.fields = FieldSelector.parse(api.name() == null ? api.param("fieldSelector")
                : "metadata.name=" + api.name());
        this.since = api.param("resourceVersion");
        if (since != null && !since.isEmpty()) {
            resourceVersion(since);
        }
    }

    ResourceType type() {
        return type;
    }

    /** The events owed when the watch starts, oldest first. */
    List<ObjectNode> initial(ObjectStore store) {
        boolean everything = since == null || since.isEmpty() || since.equals("0");
        long from = everything ? 0 : resourceVersion(since);
        List<ObjectNode> events = new ArrayList<>();
        for (ObjectNode o : store.list(type, namespace)) {
            if (selects(o) && resourceVersion(o) > from) {
                events.add(event(everything ? "ADDED" : "MODIFIED", o));
            }
        }
        if (!everything) {
            for (ObjectNode o : store.deleted(type, namespace)) {
                if (selects(o) && resourceVersion(o) > from) {
                    events.add(event("DELETED", o));
                }
            }
        }
        events.sort(Comparator.comparingLong(e -> resourceVersion((ObjectNode) e.get("object"))));
        return events;
    }

    /** The event a stored change means for this watch, or null when it does not concern it. */
    ObjectNode eventFor(ObjectStore.Change change) {
        if (!change.type().apiVersion().equals(type.apiVersion()) || !change.type().kind().equals(type.kind())) {
            return null;
        }
        boolean before = change.before() != null && inNamespace(change.before()) && selects(change.before());
        boolean after = change.after() != null && inNamespace(change.after()) && selects(change.after());
        if (before && after) {
            return event("MODIFIED", change.after());
        }
        if (after) {
            return event("ADDED", change.after());
        }
        if (before) {
            ObjectNode last = change.before().deepCopy();
            if (change.after() != null) {
                // it left the selection: the old state, at the resourceVersion of the change
                Json.metadata(last).set("resourceVersion", Json.at(change.after(), "metadata", "resourceVersion"));
            }
            return event("DELETED", last);
        }
        return null;
    }

    static ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = Json.object().put("type", type);
        event.set("object", object);
        return event;
    }

    private boolean inNamespace(ObjectNode o) {
        return namespace == null || namespace.equals(Json.text(o, "metadata", "namespace"));
    }

    private boolean selects(ObjectNode o) {
        return labels.matches(o) && fields.matches(o);
    }

    static long resourceVersion(ObjectNode o) {
        return resourceVersion(Json.text(o, "metadata", "resourceVersion"));
    }

    private static long resourceVersion(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resourceVersion \"" + value + "\": expected a number this"
                    + " server gave out");
        }
    }
}
