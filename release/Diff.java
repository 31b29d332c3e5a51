package release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;
import kube.OwnershipMarkers;

/**
 * `diff upgrade` / `diff rollback` (what the helm-diff plugin gives): each object of the revision
 * an upgrade or rollback would write, as the API server says it would become (server-side apply,
 * dry run), next to the live object; and the live objects it would delete. Nothing is written.
 */
public final class Diff {
    public enum Change { ADDED, REMOVED, CHANGED, UNCHANGED }

    /** One object: before (live, comparable form; null when absent) and after (null when deleted). */
    public record ObjectChange(ObjectRef ref, Change change, Map<String, Object> before, Map<String, Object> after) {}

    public record UpgradeOptions(String name, Map<String, Object> values, boolean valuesGiven, ValuesReuse reuse) {}

    private final ReleaseContext ctx;

    public Diff(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    /** What `upgrade NAME` with these values would change, against the current (deployed) revision. */
    public List<ObjectChange> upgrade(UpgradeOptions o) {
        List<StoredRelease> history = history(o.name());
        StoredRelease last = history.get(history.size() - 1);
        StoredRelease current = history.stream().filter(r -> r.status() == ReleaseStatus.DEPLOYED)
                .reduce((a, b) -> b).orElse(last);
        var warnings = new ArrayList<String>();
        Map<String, Object> values = (o.reuse() == null ? ValuesReuse.DEFAULT : o.reuse())
                .userValues(current.release().config(), o.values(), o.valuesGiven(), warnings);
        var rendered = ctx.chart().render(o.name(), ctx.namespace(), last.version() + 1, false, values, warnings);
        warnings.forEach(ctx.progress());
        return compare(o.name(), ctx.chart().parseManifest(current.release().manifest()), rendered.objects());
    }

    /** What `rollback NAME REVISION` would change (0: the revision before the newest). */
    public List<ObjectChange> rollback(String name, int revision) {
        List<StoredRelease> history = history(name);
        StoredRelease last = history.get(history.size() - 1);
        int wanted = revision > 0 ? revision : last.version() - 1;
        StoredRelease target = history.stream().filter(r -> r.version() == wanted).findFirst()
                .orElseThrow(() -> new ReleaseException("release has no " + wanted + " version (revisions: "
                        + history.stream().map(r -> Integer.toString(r.version())).toList() + ")"));
        return compare(name, ctx.chart().parseManifest(last.release().manifest()), ctx.chart().parseManifest(target.release().manifest()));
    }

    private List<StoredRelease> history(String name) {
        if (ReleaseNames.problem(name) != null) {
            throw new ReleaseException("release name is invalid: " + name + " (" + ReleaseNames.problem(name) + ")");
        }
        List<StoredRelease> history = ctx.store().history(name);
        if (history.isEmpty()) {
            throw new NotFoundException("release: not found (no release \"" + name + "\" in namespace " + ctx.namespace() + ")");
        }
        return history;
    }

    /** New objects in install order (added, changed, unchanged), then the removed ones. */
    private List<ObjectChange> compare(String name, List<Map<String, Object>> oldObjects, List<Map<String, Object>> newObjects) {
        var changes = new ArrayList<ObjectChange>();
        var kept = new HashSet<String>();
        for (var object : newObjects) {
            var ref = ObjectRef.of(object);
            kept.add(ref.identity());
            var live = ctx.cluster().get(ref).map(ComparableObject::of).orElse(null);
            var after = ComparableObject.of(ctx.cluster().dryRunApply(OwnershipMarkers.inject(object, name, ctx.namespace()), true));
            Change change = live == null ? Change.ADDED : live.equals(after) ? Change.UNCHANGED : Change.CHANGED;
            changes.add(masked(ref, change, live, after));
        }
        for (var object : oldObjects) {
            var ref = ObjectRef.of(object);
            if (kept.add(ref.identity())) {
                ctx.cluster().get(ref).map(ComparableObject::of)
                        .ifPresent(live -> changes.add(masked(ref, Change.REMOVED, live, null)));
            }
        }
        return changes;
    }

    private static ObjectChange masked(ObjectRef ref, Change change, Map<String, Object> before, Map<String, Object> after) {
        if (!"Secret".equals(ref.kind())) {
            return new ObjectChange(ref, change, before, after);
        }
        var pair = SecretMask.mask(before, after);
        return new ObjectChange(ref, change, pair.get(0), pair.get(1));
    }
}
