package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The writes of the local API other than deletes, with the semantics of kube-apiserver: create,
 * replace, patch, server-side apply and scale, with status subresource rules, managedFields and
 * dryRun. Callers hold the write lock.
 */
final class ObjectWrites {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final String[] SYSTEM_METADATA = {"uid", "creationTimestamp", "generation", "deletionTimestamp",
            "deletionGracePeriodSeconds", "resourceVersion", "namespace", "name"};

    private final ObjectStore store;
    private final Deletions deletions;

    ObjectWrites(ObjectStore store, Deletions deletions) {
        this.store = store;
        this.deletions = deletions;
    }

    /** Creates an object; a null manager records no managedFields (objects that come with the API). */
    ObjectNode create(ResourceType type, ApiPath path, ObjectNode body, String manager) {
        if (path.subresource() != null) {
            throw ApiException.methodNotAllowed("POST", path.subresource());
        }
        ObjectNode object = body.deepCopy();
        Json.metadata(object).remove("managedFields");
        prepareNew(type, path, object);
        if (manager != null) {
            ManagedFields managed = ManagedFields.of(object);
            managed.recordUpdate(null, object, manager, null, type.apiVersion());
            managed.writeTo(object);
        }
        return persist(type, object, path.dryRun());
    }

    ObjectNode replace(ResourceType type, ApiPath path, ObjectNode body, String manager) {
        ObjectNode old = existing(type, path);
        checkIdentity(type, path, body);
        String rv = Json.text(body, "metadata", "resourceVersion");
        if (rv != null && !rv.isEmpty() && !rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
            throw ApiException.conflict(type, path.name());
        }
        return update(type, path, old, restrictToEndpoint(type, path, old, body), manager, true);
    }

    ObjectNode patch(ResourceType type, ApiPath path, String contentType, String body, String manager) {
        ObjectNode old = existing(type, path);
        ObjectNode patched = Patches.apply(contentType, old.deepCopy(), body);
        String rv = Json.text(patched, "metadata", "resourceVersion");
        if (rv != null && !rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
            throw ApiException.conflict(type, path.name());
        }
        return update(type, path, old, restrictToEndpoint(type, path, old, patched), manager, true);
    }

    /** Writes {@code spec.replicas} through the scale subresource; returns the stored object. */
    ObjectNode scale(ResourceType type, ApiPath path, int replicas, String manager) {
        ObjectNode old = existing(type, path);
        ObjectNode updated = old.deepCopy();
        Json.objectField(updated, "spec").put("replicas", replicas);
        return update(type, path, old, updated, manager, true);
    }

    ObjectNode apply(ResourceType type, ApiPath path, String body, String manager, boolean force) {
        if (manager == null || manager.isEmpty()) {
            throw ApiException.badRequest("fieldManager is required for apply requests");
        }
        ObjectNode applied = Json.parseObject(body, true);
        if (Json.text(applied, "apiVersion") == null || Json.text(applied, "kind") == null) {
            throw ApiException.badRequest("apply configurations must set apiVersion and kind; got apiVersion="
                    + Json.text(applied, "apiVersion") + ", kind=" + Json.text(applied, "kind"));
        }
        checkIdentity(type, path, applied);
        ObjectNode metadata = Json.metadata(applied);
        if (metadata.path("managedFields").size() > 0) {
            throw ApiException.badRequest("metadata.managedFields must be nil in an apply configuration: remove"
                    + " it (it is set by the server)");
        }
        String precondition = Json.text(metadata, "resourceVersion");
        metadata.remove("managedFields");
        for (String field : SYSTEM_METADATA) {
            if (!field.equals("name") && !field.equals("namespace")) {
                metadata.remove(field);
            }
        }
        ObjectNode live = store.get(type, path.namespace(), path.name()).orElse(null);
        if (precondition != null && !precondition.isEmpty() && (live == null
                || !precondition.equals(Json.text(live, "metadata", "resourceVersion")))) {
            throw ApiException.conflict(type, path.name());
        }
        if ("status".equals(path.subresource())) {
            if (live == null) {
                throw ApiException.notFound(type, path.name());
            }
            ObjectNode onlyStatus = Json.object();
            onlyStatus.put("apiVersion", Json.text(applied, "apiVersion")).put("kind", Json.text(applied, "kind"));
            onlyStatus.set("metadata", metadata);
            if (applied.has("status")) {
                onlyStatus.set("status", applied.get("status"));
            }
            applied = onlyStatus;
        } else if (path.subresource() != null) {
            throw ApiException.methodNotAllowed("PATCH", path.subresource());
        } else if (type.statusSubresource()) {
            applied.remove("status");
        }
        ObjectNode result = ServerSideApply.apply(type, live, applied, manager, force, path.subresource());
        if (live == null) {
            prepareNew(type, path, result);
            return persist(type, result, path.dryRun());
        }
        copySystemMetadata(live, result);
        return update(type, path, live, result, manager, false);
    }

    // ---- shared steps ----

    private ObjectNode existing(ResourceType type, ApiPath path) {
        if (path.name() == null) {
            throw ApiException.methodNotAllowed("write", type.collectionPath(path.namespace()));
        }
        return store.get(type, path.namespace(), path.name()).orElseThrow(() -> ApiException.notFound(type, path.name()));
    }

    /** The main endpoint leaves status alone; /status writes only status. */
    private static ObjectNode restrictToEndpoint(ResourceType type, ApiPath path, ObjectNode old, ObjectNode wanted) {
        ObjectNode result;
        if ("status".equals(path.subresource())) {
            result = old.deepCopy();
            if (wanted.has("status")) {
                result.set("status", wanted.get("status"));
            } else {
                result.remove("status");
            }
            return result;
        }
        if (path.subresource() != null) {
            throw ApiException.methodNotAllowed("update", path.subresource());
        }
        result = wanted.deepCopy();
        if (type.statusSubresource()) {
            if (old.has("status")) {
                result.set("status", old.get("status"));
            } else {
                result.remove("status");
            }
        }
        copySystemMetadata(old, result);
        return result;
    }

    private static void copySystemMetadata(ObjectNode from, ObjectNode to) {
        ObjectNode source = Json.metadata(from);
        ObjectNode target = Json.metadata(to);
        for (String field : SYSTEM_METADATA) {
            if (source.has(field)) {
                target.set(field, source.get(field));
            } else {
                target.remove(field);
            }
        }
    }

    private ObjectNode update(ResourceType type, ApiPath path, ObjectNode old, ObjectNode updated, String manager,
                              boolean recordUpdate) {
        KindDefaults.foldSecretData(type, updated);
        SpecDefaults.apply(type, updated, old, this::usedClusterIps);
        ObjectLimits.validate(type, updated);
        if (recordUpdate) {
            ManagedFields managed = ManagedFields.of(Json.at(updated, "metadata", "managedFields") != null ? updated : old);
            managed.recordUpdate(old, updated, manager, path.subresource(), type.apiVersion());
            managed.writeTo(updated);
        }
        if (sameContent(old, updated)) {
            return old;
        }
        if (specChanged(old, updated)) {
            long generation = Json.at(old, "metadata", "generation") == null ? 1
                    : Json.at(old, "metadata", "generation").asLong();
            Json.metadata(updated).put("generation", generation + 1);
        }
        if (path.dryRun()) {
            return updated;
        }
        if (Json.at(updated, "metadata", "deletionTimestamp") != null && Deletions.finalizers(updated).isEmpty()) {
            deletions.removeFinalized(type, updated);
            return updated;
        }
        ObjectLimits.checkStorable(updated);
        Json.metadata(updated).put("resourceVersion", store.nextResourceVersion());
        store.put(type, updated);
        return updated;
    }

    private void prepareNew(ResourceType type, ApiPath path, ObjectNode object) {
        checkIdentity(type, path, object);
        object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        ObjectNode metadata = Json.metadata(object);
        String name = Json.text(metadata, "name");
        if (name == null || name.isEmpty()) {
            String prefix = Json.text(metadata, "generateName");
            if (prefix == null || prefix.isEmpty()) {
                throw ApiException.invalid(type, "", "metadata.name", "Required value: name or generateName is required");
            }
            name = prefix + randomSuffix();
            metadata.put("name", name);
        }
        checkName(type, name);
        if (type.namespaced()) {
            String namespace = path.namespace() != null ? path.namespace() : Json.text(metadata, "namespace");
            if (namespace == null) {
                throw ApiException.badRequest("the " + type.kind() + " \"" + name + "\" is namespaced: POST it to"
                        + " /namespaces/NAMESPACE/" + type.plural());
            }
            if (store.get(ResourceCatalog.NAMESPACES, null, namespace).isEmpty()) {
                throw ApiException.notFound(ResourceCatalog.NAMESPACES, namespace);
            }
            metadata.put("namespace", namespace);
        } else {
            metadata.remove("namespace");
        }
        if (store.get(type, metadata.path("namespace").asText(null), name).isPresent()) {
            throw ApiException.alreadyExists(type, name);
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("generation", 1);
        metadata.remove("deletionTimestamp");
        metadata.remove("resourceVersion");
        if (type.statusSubresource()) {
            object.remove("status");
        }
        KindDefaults.apply(type, object, name);
        SpecDefaults.apply(type, object, null, this::usedClusterIps);
        ObjectLimits.validate(type, object);
    }

    private java.util.Set<String> usedClusterIps() {
        java.util.Set<String> used = new java.util.HashSet<>();
        store.list(ResourceCatalog.SERVICES, null).forEach(s -> used.add(String.valueOf(Json.text(s, "spec", "clusterIP"))));
        return used;
    }

    /** Name rules of kube-apiserver: Services are RFC 1035 labels, Namespaces RFC 1123 labels, the rest subdomains. */
    private static void checkName(ResourceType type, String name) {
        boolean core = type.group().isEmpty();
        if (core && type.kind().equals("Service")) {
            if (name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
                throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": a DNS-1035"
                        + " label must consist of lower case alphanumeric characters or '-', start with an alphabetic"
                        + " character, end with an alphanumeric character and be at most 63 characters");
            }
        } else if (core && type.kind().equals("Namespace")) {
            if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
                throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": a lowercase"
                        + " RFC 1123 label must consist of lower case alphanumeric characters or '-', start and end"
                        + " with an alphanumeric character and be at most 63 characters");
            }
        } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw ApiException.invalid(type, name, "metadata.name", "Invalid value: \"" + name + "\": a lowercase"
                    + " RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must"
                    + " start and end with an alphanumeric character");
        }
    }

    private static void checkIdentity(ResourceType type, ApiPath path, ObjectNode object) {
        String apiVersion = Json.text(object, "apiVersion");
        String kind = Json.text(object, "kind");
        if ((apiVersion != null && !apiVersion.equals(type.apiVersion())) || (kind != null && !kind.equals(type.kind()))) {
            throw ApiException.badRequest("the object is " + apiVersion + " " + kind + " but the request path "
                    + "serves " + type.apiVersion() + " " + type.kind());
        }
        String name = Json.text(object, "metadata", "name");
        if (path.name() != null && name != null && !name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")");
        }
        if (path.name() != null && name == null) {
            Json.metadata(object).put("name", path.name());
        }
        String namespace = Json.text(object, "metadata", "namespace");
        if (type.namespaced() && path.namespace() != null && namespace != null && !namespace.equals(path.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object (" + namespace + ") does not match"
                    + " the namespace sent on the request (" + path.namespace() + ")");
        }
    }

    private ObjectNode persist(ResourceType type, ObjectNode object, boolean dryRun) {
        if (!dryRun) {
            ObjectLimits.checkStorable(object);
            Json.metadata(object).put("resourceVersion", store.nextResourceVersion());
            store.put(type, object);
        }
        return object;
    }

    private static boolean sameContent(ObjectNode a, ObjectNode b) {
        return withoutVolatileMetadata(a).equals(withoutVolatileMetadata(b))
                && ManagedFields.of(a).signature().equals(ManagedFields.of(b).signature());
    }

    private static ObjectNode withoutVolatileMetadata(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        Json.metadata(copy).remove(List.of("resourceVersion", "managedFields"));
        return copy;
    }

    private static boolean specChanged(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        x.remove(List.of("metadata", "status"));
        y.remove(List.of("metadata", "status"));
        return !x.equals(y);
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
