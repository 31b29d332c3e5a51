package gateway;

import java.util.List;

/**
 * What the gateway needs to know about the pool besides the EPP: its ready endpoints (for the
 * in-process routers and for `FailOpen` when the EPP is unreachable) and which pod serves an
 * address (for the `x-pool-endpoint` response header). The sandbox implements it from the local
 * Kubernetes API's Pods; {@link #of(List)} is a fixed list.
 *
 * <p>Called on the gateway's event loops for every request: implementations answer from memory
 * (an informer's cache, an atomically swapped list), never with I/O.
 */
public interface PoolEndpoints {
    /** The ready endpoints now, in a stable order (round-robin walks this order). */
    List<Endpoint> ready();

    /** The pod serving {@code address} ({@code ip:port}), or {@code "-"} when unknown. */
    default String podName(String address) {
        for (Endpoint endpoint : ready()) {
            if (endpoint.address().equals(address)) {
                return endpoint.pod();
            }
        }
        return "-";
    }

    static PoolEndpoints of(List<Endpoint> endpoints) {
        List<Endpoint> fixed = List.copyOf(endpoints);
        return () -> fixed;
    }
}
