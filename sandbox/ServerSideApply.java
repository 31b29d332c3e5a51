package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Server-side apply on one object: the manager's applied configuration replaces what it applied
 * before, fields owned by other managers stay, and changing another manager's field is a conflict
 * unless forced (then ownership moves).
 */
final class ServerSideApply {
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private ServerSideApply() {}

    /**
     * Returns the object after the apply, with its managedFields updated.
     *
     * @param live the stored object, or null when the apply creates it
     * @param applied the applied configuration, already restricted to what this endpoint may write
     */
    static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force,
                            String subresource) {
        FieldSet appliedFields = FieldSet.of(applied);
        String apiVersion = type.apiVersion();
        if (live == null) {
            ObjectNode created = applied.deepCopy();
            ManagedFields managed = ManagedFields.of(Json.object());
            managed.set(manager, ManagedFields.APPLY, subresource, apiVersion, appliedFields);
            managed.writeTo(created);
            return created;
        }
        ManagedFields managed = ManagedFields.of(live);
        ManagedFields.Entry previous = managed.find(manager, ManagedFields.APPLY, subresource);

        Map<ManagedFields.Entry, List<List<String>>> conflicts = conflicts(live, applied, appliedFields, managed,
                previous);
        if (!conflicts.isEmpty()) {
            if (!force && !upgradesClientSideApply(live, manager, conflicts)) {
                throw conflictError(type, Json.text(live, "metadata", "name"), conflicts);
            }
            conflicts.forEach((entry, paths) -> entry.fields = entry.fields.minus(new HashSet<>(paths)));
        }

        ObjectNode result = live.deepCopy();
        if (previous != null) {
            List<List<String>> dropped = new ArrayList<>(previous.fields.minus(appliedFields.paths()).paths());
            dropped.sort(Comparator.comparingInt(p -> -p.size()));
            for (List<String> path : dropped) {
                if (removable(managed, previous, path)) {
                    FieldSet.remove(result, path);
                }
            }
        }
        result = (ObjectNode) Patches.applyConfiguration(result, applied, null);
        managed.set(manager, ManagedFields.APPLY, subresource, apiVersion, appliedFields);
        managed.prune(result);
        managed.writeTo(result);
        return result;
    }

    /**
     * kube-apiserver's last-applied manager: kubectl's first server-side apply over an object it
     * applied client-side takes over, without conflict, the fields of the last-applied-configuration
     * annotation (kubectl then migrates the managedFields itself).
     */
    private static boolean upgradesClientSideApply(ObjectNode live, String manager,
                                                   Map<ManagedFields.Entry, List<List<String>>> conflicts) {
        String lastApplied = Json.text(live, "metadata", "annotations", LAST_APPLIED);
        if (!manager.equals("kubectl") || lastApplied == null) {
            return false;
        }
        FieldSet allowed;
        try {
            allowed = FieldSet.of(Json.parseObject(lastApplied, false));
        } catch (ApiException e) {
            return false;
        }
        return conflicts.values().stream().flatMap(List::stream).allMatch(allowed::contains);
    }

    private static boolean removable(ManagedFields managed, ManagedFields.Entry self, List<String> path) {
        if (path.get(path.size() - 1).equals(FieldSet.SELF)) {
            return !managed.ownedUnderByOtherThan(self, path.subList(0, path.size() - 1));
        }
        return !managed.ownedByOtherThan(self, path);
    }

    private static Map<ManagedFields.Entry, List<List<String>>> conflicts(ObjectNode live, ObjectNode applied,
            FieldSet appliedFields, ManagedFields managed, ManagedFields.Entry self) {
        Map<ManagedFields.Entry, List<List<String>>> conflicts = new LinkedHashMap<>();
        for (ManagedFields.Entry other : managed.entries) {
            if (other == self) {
                continue;
            }
            for (List<String> path : appliedFields.paths()) {
                if (path.get(path.size() - 1).equals(FieldSet.SELF) || !other.fields.contains(path)) {
                    continue;
                }
                if (!Objects.equals(FieldSet.find(live, path), FieldSet.find(applied, path))) {
                    conflicts.computeIfAbsent(other, e -> new ArrayList<>()).add(path);
                }
            }
        }
        return conflicts;
    }

    /** Worded as kube-apiserver words it, so users and tools recognise it. */
    private static ApiException conflictError(ResourceType type, String name,
                                              Map<ManagedFields.Entry, List<List<String>>> conflicts) {
        int count = conflicts.values().stream().mapToInt(List::size).sum();
        List<ApiException.Cause> causes = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        Set<String> seen = new HashSet<>();
        conflicts.forEach((entry, paths) -> {
            // kube-apiserver also appends " at <time>" to Update managers; left out so messages are stable
            String who = "\"" + entry.manager + "\""
                    + (entry.subresource == null ? "" : " with subresource \"" + entry.subresource + "\"")
                    + (entry.operation.equals(ManagedFields.UPDATE) ? " using " + entry.apiVersion : "");
            for (List<String> p : paths) {
                causes.add(new ApiException.Cause("FieldManagerConflict", "conflict with " + who, FieldSet.display(p)));
            }
            if (count == 1) {
                detail.append("conflict with ").append(who).append(": ").append(FieldSet.display(paths.get(0)));
            } else if (seen.add(who)) {
                detail.append(detail.length() == 0 ? "" : "\n").append("conflicts with ").append(who).append(':');
                for (List<String> p : paths) {
                    detail.append("\n- ").append(FieldSet.display(p));
                }
            }
        });
        String message = "Apply failed with " + count + " conflict" + (count == 1 ? "" : "s") + ": " + detail;
        return ApiException.applyConflicts(type, name, message, causes);
    }
}
