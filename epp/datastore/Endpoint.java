package epp.datastore;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model-server endpoint the EPP can route to: a ready pod of the pool × one target port.
 * Its identity, address and labels never change (a pod whose IP or labels change is replaced by a
 * new Endpoint); its metrics snapshot is swapped by the scraper and read by the scheduler.
 */
public final class Endpoint {
    private final EndpointId id;
    private final String address;
    private final int port;
    private final Map<String, String> labels;
    private final AtomicReference<ModelServerMetrics> metrics =
            new AtomicReference<>(ModelServerMetrics.NEVER_SCRAPED);

    public Endpoint(EndpointId id, String address, int port, Map<String, String> labels) {
        this.id = Objects.requireNonNull(id);
        this.address = Objects.requireNonNull(address);
        this.port = port;
        this.labels = Map.copyOf(labels);
    }

    public EndpointId id() {
        return id;
    }

    /** The pod IP. */
    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** `ip:port`, with an IPv6 address in brackets (Go's JoinHostPort). */
    public String hostPort() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    public ModelServerMetrics metrics() {
        return metrics.get();
    }

    public void updateMetrics(ModelServerMetrics snapshot) {
        metrics.set(Objects.requireNonNull(snapshot));
    }

    @Override
    public String toString() {
        return id + "@" + hostPort();
    }
}
