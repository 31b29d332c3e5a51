package epp.testing;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.datastore.ModelServerMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A datastore the test fills by hand: a pool, endpoints and objectives. */
public final class InMemoryDatastore implements Datastore {
    private volatile PoolInfo pool;
    private volatile List<Endpoint> endpoints = List.of();
    private final Map<String, Objective> objectives = new ConcurrentHashMap<>();
    private final List<EndpointListener> listeners = new CopyOnWriteArrayList<>();

    /** A synced pool `pool` in `ns` with target port 8000 and the given pod IPs (pods `pod-0`, `pod-1`...). */
    public static InMemoryDatastore withPods(String... ips) {
        var store = new InMemoryDatastore();
        store.setPool(new PoolInfo("pool", "ns", "inference.networking.k8s.io", Map.of("app", "vllm"), List.of(8000)));
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < ips.length; i++) {
            list.add(endpoint("pod-" + i, ips[i], 8000));
        }
        store.setEndpoints(list);
        return store;
    }

    public static Endpoint endpoint(String pod, String ip, int port) {
        return new Endpoint(new EndpointId("ns", pod, 0), ip, port, Map.of("app", "vllm"));
    }

    /** A snapshot scraped at {@code at}. */
    public static ModelServerMetrics metrics(int queue, double kv, Instant at) {
        return new ModelServerMetrics(queue, 0, kv, Set.of(), Set.of(), 0, 0, at);
    }

    public void setPool(PoolInfo pool) {
        this.pool = pool;
    }

    public void setEndpoints(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public void putObjective(Objective objective) {
        objectives.put(objective.name(), objective);
    }

    @Override
    public Optional<PoolInfo> pool() {
        return Optional.ofNullable(pool);
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public Optional<Objective> objective(String name) {
        return Optional.ofNullable(objectives.get(name));
    }

    @Override
    public void addListener(EndpointListener listener) {
        listeners.add(listener);
    }
}
