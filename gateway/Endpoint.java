package gateway;

import java.util.Objects;

/**
 * One model-server endpoint of the pool: the pod that serves it and its {@code ip:port}, the form
 * the EPP names it in `x-gateway-destination-endpoint`.
 */
public record Endpoint(String pod, String address) {
    public Endpoint {
        Objects.requireNonNull(pod, "pod");
        HostPort.parse(address);
    }

    public HostPort hostPort() {
        return HostPort.parse(address);
    }
}
