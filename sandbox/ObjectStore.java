package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Objects as stored in fabric8's CRUD mock: reads from its map, writes through its event path (which
 * also keeps its CRD registry current), and tells the local API's watches of every change. Keeps the
 * last state of recently deleted objects for watches that resume from a resourceVersion.
 * Callers serialise writes (see {@link ApiDispatcher}).
 */
final class ObjectStore {
    private static final int MAX_TOMBSTONES = 10_000;

    /** One stored change: before is null for a creation, after is null for a deletion. */
    record Change(ResourceType type, ObjectNode before, ObjectNode after) {}

    private final KubernetesCrudDispatcher mock;
    private final ArrayDeque<ObjectNode> tombstones = new ArrayDeque<>();
    private volatile long lastResourceVersion;
    private volatile Consumer<Change> changes = change -> { };

    ObjectStore(KubernetesCrudDispatcher mock) {
        this.mock = mock;
    }

    Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        AttributeSet key = mock.getKey(type.itemPath(namespace, name));
        Map.Entry<AttributeSet, String> entry;
        synchronized (mock.getMap()) {
            // the mock's map is a synchronizedMap: iterating it needs its monitor
            entry = mock.findResource(key);
        }
        return entry == null ? Optional.empty() : Optional.of(Json.parseObject(entry.getValue(), false));
    }

    /** Every object of a type, in one namespace or (namespace null) all of them. */
    List<ObjectNode> list(ResourceType type, String namespace) {
        AttributeSet query = mock.getKey(type.collectionPath(namespace));
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<AttributeSet, String> e : snapshot()) {
            if (e.getKey().matches(query)) {
                ObjectNode item = Json.parseObject(e.getValue(), false);
                if (type.apiVersion().equals(Json.text(item, "apiVersion"))
                        && type.kind().equals(Json.text(item, "kind"))) {
                    items.add(item);
                }
            }
        }
        items.sort((a, b) -> key(a).compareTo(key(b)));
        return items;
    }

    List<ObjectNode> all() {
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<AttributeSet, String> e : snapshot()) {
            items.add(Json.parseObject(e.getValue(), false));
        }
        return items;
    }

    /** Creates or replaces the object at its identity (type, namespace, name). */
    /** Where every change goes once stored (the watches). */
    void onChange(Consumer<Change> listener) {
        changes = listener;
    }

    void put(ResourceType type, ObjectNode object) {
        String json = Json.write(object);
        GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
        String path = type.itemPath(Json.text(object, "metadata", "namespace"), Json.text(object, "metadata", "name"));
        AttributeSet pathAttributes = mock.getKey(path);
        String before;
        synchronized (mock.getMap()) {
            Map.Entry<AttributeSet, String> old = mock.findResource(pathAttributes);
            before = old == null ? null : old.getValue();
            mock.processEvent(path, pathAttributes, old == null ? null : old.getKey(), resource, json);
        }
        changes.accept(new Change(type, before == null ? null : Json.parseObject(before, false), object.deepCopy()));
    }

    void remove(ResourceType type, String namespace, String name) {
        String path = type.itemPath(namespace, name);
        AttributeSet pathAttributes = mock.getKey(path);
        String before;
        synchronized (mock.getMap()) {
            Map.Entry<AttributeSet, String> old = mock.findResource(pathAttributes);
            before = old == null ? null : old.getValue();
            if (old != null) {
                mock.processEvent(path, pathAttributes, old.getKey(), null, null);
            }
        }
        if (before != null) {
            ObjectNode last = Json.parseObject(before, false);
            Json.metadata(last).put("resourceVersion", nextResourceVersion());
            synchronized (tombstones) {
                tombstones.addLast(last);
                if (tombstones.size() > MAX_TOMBSTONES) {
                    tombstones.removeFirst();
                }
            }
            changes.accept(new Change(type, last.deepCopy(), null));
        }
    }

    /** The last state of recently deleted objects of a type (for HTTP watches), oldest first. */
    List<ObjectNode> deleted(ResourceType type, String namespace) {
        List<ObjectNode> matching = new ArrayList<>();
        synchronized (tombstones) {
            for (ObjectNode o : tombstones) {
                if (type.apiVersion().equals(Json.text(o, "apiVersion")) && type.kind().equals(Json.text(o, "kind"))
                        && (namespace == null || namespace.equals(Json.text(o, "metadata", "namespace")))) {
                    matching.add(o);
                }
            }
        }
        return matching;
    }

    String nextResourceVersion() {
        long next = mock.requestResourceVersion();
        lastResourceVersion = next;
        return String.valueOf(next);
    }

    String currentResourceVersion() {
        return String.valueOf(lastResourceVersion);
    }

    private List<Map.Entry<AttributeSet, String>> snapshot() {
        Map<AttributeSet, String> map = mock.getMap();
        synchronized (map) {
            return new ArrayList<>(map.entrySet());
        }
    }

    private static String key(ObjectNode o) {
        String ns = Json.text(o, "metadata", "namespace");
        return (ns == null ? "" : ns) + "/" + Json.text(o, "metadata", "name");
    }
}
