package release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import kube.Cluster;
import kube.ClusterException;
import kube.ObjectRef;

/** An in-memory cluster behind {@link Cluster}, for action tests: counts calls, can fail chosen applies. */
public final class FakeCluster implements Cluster {
    public final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    public final Set<String> crds = new HashSet<>(Set.of("inferencepools.inference.networking.k8s.io"));
    final Set<String> namespaces = new HashSet<>(Set.of("default", "serving"));
    public final List<String> applied = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();
    Predicate<ObjectRef> failApply = ref -> false;
    Predicate<ObjectRef> failDelete = ref -> false;
    /** Stands in for controllers: may add a status to an applied object. */
    java.util.function.UnaryOperator<Map<String, Object>> controller = o -> o;

    private static String key(ObjectRef ref) {
        return ref.identity();
    }

    @Override
    public synchronized Optional<Map<String, Object>> get(ObjectRef ref) {
        calls.incrementAndGet();
        return Optional.ofNullable(objects.get(key(ref)));
    }

    @Override
    public synchronized Map<String, Object> apply(Map<String, Object> object, boolean forceConflicts) {
        calls.incrementAndGet();
        var ref = ObjectRef.of(object);
        if (failApply.test(ref)) {
            throw new ClusterException("admission webhook denied " + ref, null);
        }
        objects.put(key(ref), controller.apply(object));
        applied.add(ref.toString());
        return object;
    }

    /** The objects sent as server-side dry runs, in order. */
    public final List<String> dryRuns = new ArrayList<>();
    /** What the API server refuses already on a dry run (validation, admission); real applies are governed by failApply. */
    Predicate<ObjectRef> failDryRun = ref -> false;

    @Override
    public synchronized Map<String, Object> dryRunApply(Map<String, Object> object, boolean forceConflicts) {
        calls.incrementAndGet();
        var ref = ObjectRef.of(object);
        dryRuns.add(ref.toString());
        if (failDryRun.test(ref)) {
            throw new ClusterException("cannot apply " + ref.describe() + ": admission webhook \"policy.example\" denied the request", null);
        }
        return object;
    }

    final List<String> migrated = new ArrayList<>();

    @Override
    public synchronized boolean upgradeManagedFields(ObjectRef ref) {
        calls.incrementAndGet();
        migrated.add(ref.toString());
        return objects.containsKey(key(ref));
    }

    @Override
    public synchronized boolean delete(ObjectRef ref, String cascade) {
        calls.incrementAndGet();
        if (failDelete.test(ref)) {
            throw new ClusterException("finalizer webhook unavailable for " + ref, null);
        }
        deleted.add(ref.toString());
        return objects.remove(key(ref)) != null;
    }

    @Override
    public boolean crdInstalled(String crdName) {
        calls.incrementAndGet();
        return crds.contains(crdName);
    }

    @Override
    public void ensureNamespace(String namespace) {
        calls.incrementAndGet();
        namespaces.add(namespace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> matchLabels) {
        calls.incrementAndGet();
        var out = new ArrayList<Map<String, Object>>();
        for (var o : objects.values()) {
            var ref = ObjectRef.of(o);
            var meta = (Map<String, Object>) o.get("metadata");
            var labels = meta.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.<String, Object>of();
            if (ref.apiVersion().equals(apiVersion) && ref.kind().equals(kind) && namespace.equals(ref.namespace())
                    && matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                out.add(o);
            }
        }
        return out;
    }

    /** A pod with labels and a Ready condition, as the kubelet would report it. */
    public void putPod(String namespace, String name, Map<String, String> labels, boolean ready) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("labels", labels);
        objects.put(new ObjectRef("v1", "Pod", namespace, name).identity(), Map.of("apiVersion", "v1", "kind", "Pod", "metadata", meta,
                "status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")))));
    }

    @Override
    public boolean namespaceExists(String namespace) {
        calls.incrementAndGet();
        return namespaces.contains(namespace);
    }

    /** An object as a person might have made it with kubectl, without Helm's markers. */
    public void putForeign(String apiVersion, String kind, String namespace, String name) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        objects.put(new ObjectRef(apiVersion, kind, namespace, name).identity(),
                Map.of("apiVersion", apiVersion, "kind", kind, "metadata", meta));
    }

    public boolean has(String kind, String name) {
        return objects.values().stream().anyMatch(o -> ObjectRef.of(o).kind().equals(kind) && ObjectRef.of(o).name().equals(name));
    }
}
