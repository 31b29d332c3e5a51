package epp.datastore;

/**
 * Identity of one endpoint: a pod and one of the pool's target ports (epp.md §0.3, pod × port).
 * {@link #server()} is the name the prefix-cache index and logs use: `namespace/pod` for the
 * first target port, `namespace/pod-rank-N` for the N-th (N ≥ 1).
 */
public record EndpointId(String namespace, String podName, int rank) {
    public String server() {
        return rank == 0 ? namespace + "/" + podName : namespace + "/" + podName + "-rank-" + rank;
    }

    @Override
    public String toString() {
        return server();
    }
}
