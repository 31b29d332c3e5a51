package release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kube.ObjectRef;
import kube.OwnershipMarkers;

/** Brings the cluster from one manifest to another the way Helm 4 does (release.md §4). */
final class ObjectSync {
    static final String RESOURCE_POLICY = "helm.sh/resource-policy";

    private final ReleaseContext ctx;
    private final String release;

    ObjectSync(ReleaseContext ctx, String release) {
        this.ctx = ctx;
        this.release = release;
    }

    /**
     * Every object that exists, is new to the release and does not carry this release's markers.
     * Adds the identity of each object found to `existing`, and of each refused to `refused`.
     */
    List<String> ownershipProblems(List<Map<String, Object>> objects, List<Map<String, Object>> previous, boolean takeOwnership,
            Set<String> existing, Set<String> refused) {
        var problems = new ArrayList<String>();
        Set<String> owned = versionedKeys(previous);
        previous.forEach(o -> existing.add(ObjectRef.of(o).identity()));
        for (var object : objects) {
            var ref = ObjectRef.of(object);
            if (owned.contains(versionedKey(ref))) {
                continue;
            }
            ctx.cluster().get(ref).ifPresent(live -> {
                existing.add(ref.identity());
                var wrong = OwnershipMarkers.problems(live, release, ctx.namespace());
                if (!wrong.isEmpty() && !takeOwnership) {
                    refused.add(ref.identity());
                    problems.add(ref.describe() + " exists and cannot be imported into the current release: invalid ownership metadata; "
                            + String.join("; ", wrong) + " (adopt it with --take-ownership, or delete it)");
                }
            });
        }
        return problems;
    }

    /**
     * Applies every object in order with Helm's markers, adding each object not in `existing` (the
     * objects the preflight found or the previous manifest had) to `created` as soon as it is
     * applied, so a failure on the Nth object still knows what the run created. With
     * `migrateExisting`, existing objects first have their client-side-apply ownership moved to
     * server-side apply (release.md §4.5).
     */
    void applyAll(List<Map<String, Object>> objects, boolean forceConflicts, boolean migrateExisting, Set<String> existing,
            List<ObjectRef> created) {
        for (var object : objects) {
            var ref = ObjectRef.of(object);
            boolean existed = existing.contains(ref.identity());
            if (existed && migrateExisting) {
                ctx.cluster().upgradeManagedFields(ref);
            }
            ctx.cluster().apply(OwnershipMarkers.inject(object, release, ctx.namespace()), forceConflicts);
            if (!existed) {
                created.add(ref);
            }
        }
    }

    /** Deletes objects of the old manifest that the new one no longer has, unless the live object says keep. */
    List<ObjectRef> deleteRemoved(List<Map<String, Object>> oldObjects, List<Map<String, Object>> newObjects) {
        var keep = new HashSet<String>();
        newObjects.forEach(o -> keep.add(ObjectRef.of(o).identity()));
        var deleted = new ArrayList<ObjectRef>();
        for (var old : oldObjects) {
            var ref = ObjectRef.of(old);
            if (keep.contains(ref.identity())) {
                continue;
            }
            var live = ctx.cluster().get(ref);
            if (live.isEmpty() || "keep".equals(annotation(live.get(), RESOURCE_POLICY))) {
                continue;
            }
            if (ctx.cluster().delete(ref, "background")) {
                deleted.add(ref);
            }
        }
        return deleted;
    }

    /** Uninstall: deletes in uninstall order, skipping objects the stored manifest marks keep; returns those kept. */
    List<ObjectRef> deleteAll(List<Map<String, Object>> manifestObjects, String cascade, List<String> errors) {
        var kept = new ArrayList<ObjectRef>();
        for (var object : ctx.chart().uninstallOrder(manifestObjects)) {
            var ref = ObjectRef.of(object);
            String policy = annotation(object, RESOURCE_POLICY);
            if (policy != null && policy.trim().toLowerCase(Locale.ROOT).equals("keep")) {
                kept.add(ref);
                continue;
            }
            try {
                ctx.cluster().delete(ref, cascade);
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }
        return kept;
    }

    /** The "is this object new?" key: apiVersion, kind, namespace, name (a version bump re-checks ownership). */
    static String versionedKey(ObjectRef ref) {
        return ref.apiVersion() + "/" + ref.kind() + "/" + (ref.namespace() == null ? "" : ref.namespace()) + "/" + ref.name();
    }

    private static Set<String> versionedKeys(List<Map<String, Object>> objects) {
        var keys = new HashSet<String>();
        objects.forEach(o -> keys.add(versionedKey(ObjectRef.of(o))));
        return keys;
    }

    @SuppressWarnings("unchecked")
    static String annotation(Map<String, Object> object, String key) {
        if (object.get("metadata") instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> annotations) {
            Object v = ((Map<String, Object>) annotations).get(key);
            return v == null ? null : v.toString();
        }
        return null;
    }
}
