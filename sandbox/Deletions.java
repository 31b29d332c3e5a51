package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes as kube-apiserver and its controllers do: finalizers hold an object (with a
 * deletionTimestamp) until removed; deleting a Namespace deletes what is in it, deleting a CRD its
 * objects; objects whose owners are all gone are garbage-collected at once; {@code Orphan}
 * propagation drops the owner reference instead. Callers hold the write lock.
 */
final class Deletions {
    private final ObjectStore store;
    private final ResourceCatalog catalog;

    Deletions(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    ObjectNode delete(ResourceType type, ApiPath path, String body) {
        ObjectNode old = store.get(type, path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(type, path.name()));
        // DeleteOptions in JSON; a protobuf body (Helm, typed client-go clients) counts as the defaults
        JsonNode options = body != null && body.trim().startsWith("{") ? Json.parse(body) : Json.object();
        checkPreconditions(type, old, options.path("preconditions"));
        String policy = Json.text(options, "propagationPolicy");
        if (path.dryRun() || options.path("dryRun").toString().contains("All")) {
            return old;
        }
        if ("Orphan".equals(policy)) {
            orphanDependents(Json.text(old, "metadata", "uid"));
        }
        ObjectNode result = deleteObject(type, old);
        collectGarbage();
        return result;
    }

    List<ObjectNode> deleteCollection(ResourceType type, List<ObjectNode> matching, boolean dryRun) {
        List<ObjectNode> deleted = new ArrayList<>();
        for (ObjectNode o : matching) {
            deleted.add(dryRun ? o : deleteObject(type, o));
        }
        if (!dryRun) {
            collectGarbage();
        }
        return deleted;
    }

    private static void checkPreconditions(ResourceType type, ObjectNode old, JsonNode preconditions) {
        String name = Json.text(old, "metadata", "name");
        for (String field : new String[] {"uid", "resourceVersion"}) {
            String expected = Json.text(preconditions, field);
            if (expected != null && !expected.equals(Json.text(old, "metadata", field))) {
                throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural()
                        + " \"" + name + "\": Precondition failed: " + field + " in precondition: " + expected
                        + ", " + field + " in object meta: " + Json.text(old, "metadata", field), name, type.plural(),
                        java.util.List.of());
            }
        }
    }

    /** Removes an object whose last finalizer was just taken away, then collects what it owned. */
    void removeFinalized(ResourceType type, ObjectNode object) {
        store.remove(type, Json.text(object, "metadata", "namespace"), Json.text(object, "metadata", "name"));
        collectGarbage();
    }

    /** Honors finalizers: an object with some gets a deletionTimestamp and stays until they are removed. */
    private ObjectNode deleteObject(ResourceType type, ObjectNode old) {
        String namespace = Json.text(old, "metadata", "namespace");
        String name = Json.text(old, "metadata", "name");
        if (!finalizers(old).isEmpty()) {
            if (Json.at(old, "metadata", "deletionTimestamp") != null) {
                return old;
            }
            ObjectNode marked = old.deepCopy();
            Json.metadata(marked).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            Json.metadata(marked).put("resourceVersion", store.nextResourceVersion());
            store.put(type, marked);
            return marked;
        }
        if (type.equals(ResourceCatalog.CRDS)) {
            for (ResourceType served : ResourceCatalog.fromCrd(old)) {
                for (ObjectNode instance : store.list(served, null)) {
                    store.remove(served, Json.text(instance, "metadata", "namespace"),
                            Json.text(instance, "metadata", "name"));
                }
            }
        }
        store.remove(type, namespace, name);
        if (type.equals(ResourceCatalog.NAMESPACES)) {
            for (ObjectNode inside : store.all()) {
                if (name.equals(Json.text(inside, "metadata", "namespace"))) {
                    typeOf(inside).ifPresent(t -> deleteObject(t, inside));
                }
            }
        }
        return old;
    }

    private void collectGarbage() {
        for (int round = 0; round < 100; round++) {
            List<ObjectNode> orphans = GarbageCollector.orphans(store.all());
            if (orphans.isEmpty()) {
                return;
            }
            for (ObjectNode orphan : orphans) {
                typeOf(orphan).ifPresent(t -> deleteObject(t, orphan));
            }
        }
    }

    private void orphanDependents(String ownerUid) {
        for (ObjectNode o : store.all()) {
            JsonNode refs = Json.at(o, "metadata", "ownerReferences");
            if (refs == null || !refs.isArray()) {
                continue;
            }
            List<JsonNode> kept = new ArrayList<>();
            refs.forEach(r -> {
                if (!Objects.equals(r.path("uid").asText(), ownerUid)) {
                    kept.add(r);
                }
            });
            if (kept.size() != refs.size()) {
                ObjectNode updated = o.deepCopy();
                if (kept.isEmpty()) {
                    Json.metadata(updated).remove("ownerReferences");
                } else {
                    Json.metadata(updated).putArray("ownerReferences").addAll(kept);
                }
                Json.metadata(updated).put("resourceVersion", store.nextResourceVersion());
                typeOf(updated).ifPresent(t -> store.put(t, updated));
            }
        }
    }

    private Optional<ResourceType> typeOf(ObjectNode object) {
        return catalog.findKind(Json.text(object, "apiVersion"), Json.text(object, "kind"));
    }

    static List<String> finalizers(ObjectNode object) {
        List<String> names = new ArrayList<>();
        JsonNode f = Json.at(object, "metadata", "finalizers");
        if (f != null && f.isArray()) {
            f.forEach(n -> names.add(n.asText()));
        }
        return names;
    }
}
