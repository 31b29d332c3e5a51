package epp.datastore;

import epp.logging.Log;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pool and its endpoints, kept consistent under one lock and published as immutable
 * snapshots for the request path (epp.md §3.2, §3.3, §0.3).
 *
 * <p>Each ready pod whose labels match the selector yields one endpoint per target port, rank =
 * index of the port. An endpoint is kept as long as its pod's IP, labels and port are unchanged
 * (so it keeps its metrics); otherwise it is replaced by a new one. Listeners are told of every
 * addition and removal, in order, while the lock is held: they must only hand work off.
 */
final class EndpointTable {
    private final Object lock = new Object();
    private final List<Datastore.EndpointListener> listeners = new CopyOnWriteArrayList<>();
    /** Endpoints by pod "namespace/name", guarded by lock. */
    private final Map<String, List<Endpoint>> byPod = new LinkedHashMap<>();
    private volatile Optional<PoolInfo> pool = Optional.empty();
    private volatile List<Endpoint> snapshot = List.of();

    Optional<PoolInfo> pool() {
        return pool;
    }

    List<Endpoint> endpoints() {
        return snapshot;
    }

    /** Registers a listener and tells it about the endpoints that already exist. */
    void addListener(Datastore.EndpointListener listener) {
        synchronized (lock) {
            listeners.add(Objects.requireNonNull(listener));
            for (Endpoint endpoint : snapshot) {
                tell(listener, endpoint, true);
            }
        }
    }

    /**
     * Stores the pool. When it is the first pool, or its selector or target ports changed, every
     * pod is re-evaluated against it (`pods` = all pods of the namespace the caller knows about).
     */
    void setPool(PoolInfo newPool, Collection<Pod> pods) {
        synchronized (lock) {
            Optional<PoolInfo> old = pool;
            pool = Optional.of(newPool);
            boolean resync = old.isEmpty()
                    || !old.get().matchLabels().equals(newPool.matchLabels())
                    || !old.get().targetPorts().equals(newPool.targetPorts());
            if (!resync) {
                return;
            }
            Map<String, Pod> wanted = new HashMap<>();
            for (Pod pod : pods) {
                wanted.put(key(pod), pod);
            }
            for (String podKey : new ArrayList<>(byPod.keySet())) {
                if (!wanted.containsKey(podKey)) {
                    replace(podKey, List.of());
                }
            }
            for (Pod pod : pods) {
                apply(pod);
            }
            publish();
        }
    }

    /** The pool is gone (deleted, or being deleted): forget it and every endpoint. */
    void clear() {
        synchronized (lock) {
            pool = Optional.empty();
            for (String podKey : new ArrayList<>(byPod.keySet())) {
                replace(podKey, List.of());
            }
            publish();
        }
    }

    /** A pod was added or changed. Ignored until a pool is known (setPool catches up). */
    void podChanged(Pod pod) {
        synchronized (lock) {
            if (pool.isEmpty()) {
                return;
            }
            apply(pod);
            publish();
        }
    }

    void podDeleted(String namespace, String name) {
        synchronized (lock) {
            if (byPod.containsKey(namespace + "/" + name)) {
                Log.v(Log.DEFAULT, "Pod removed or not added", "name", namespace + "/" + name);
            }
            replace(namespace + "/" + name, List.of());
            publish();
        }
    }

    private void apply(Pod pod) {
        PoolInfo current = pool.orElseThrow();
        String podKey = key(pod);
        boolean matches = PodReadiness.matches(current.matchLabels(), pod.getMetadata().getLabels());
        if (!PodReadiness.isReady(pod) || !matches) {
            if (matches || byPod.containsKey(podKey)) {
                Log.v(Log.DEFAULT, "Pod removed or not added", "name", podKey);
            }
            replace(podKey, List.of());
            return;
        }
        List<Endpoint> existing = byPod.getOrDefault(podKey, List.of());
        Log.v(Log.DEFAULT, existing.isEmpty() ? "Pod added" : "Pod already exists", "name", podKey);
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String ip = pod.getStatus().getPodIP();
        List<Endpoint> next = new ArrayList<>();
        List<Integer> ports = current.targetPorts();
        for (int rank = 0; rank < ports.size(); rank++) {
            Endpoint old = rank < existing.size() ? existing.get(rank) : null;
            int port = ports.get(rank);
            if (old != null && old.address().equals(ip) && old.port() == port && old.labels().equals(labels)) {
                next.add(old);
            } else {
                next.add(new Endpoint(new EndpointId(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), rank),
                        ip, port, labels));
            }
        }
        replace(podKey, next);
    }

    /** Swaps a pod's endpoints, telling listeners about the ones that went and came. */
    private void replace(String podKey, List<Endpoint> next) {
        List<Endpoint> previous = next.isEmpty() ? byPod.remove(podKey) : byPod.put(podKey, next);
        previous = previous == null ? List.of() : previous;
        for (Endpoint gone : previous) {
            if (!next.contains(gone)) {
                listeners.forEach(l -> tell(l, gone, false));
            }
        }
        for (Endpoint added : next) {
            if (!previous.contains(added)) {
                listeners.forEach(l -> tell(l, added, true));
            }
        }
    }

    /** A failing listener must not leave the table half-updated or keep the others uninformed. */
    private static void tell(Datastore.EndpointListener listener, Endpoint endpoint, boolean added) {
        try {
            if (added) {
                listener.endpointAdded(endpoint);
            } else {
                listener.endpointRemoved(endpoint);
            }
        } catch (RuntimeException e) {
            Log.error("Endpoint listener failed", e, "listener", listener.toString(), "event", added ? "added" : "removed",
                    "endpoint", endpoint.toString());
        }
    }

    private void publish() {
        List<Endpoint> all = new ArrayList<>();
        byPod.values().forEach(all::addAll);
        snapshot = List.copyOf(all);
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
