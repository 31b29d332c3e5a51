package sim.server;

import java.util.List;

/** A pod that is listening: where each of its data-parallel ranks answers. */
public record RunningPod(String name, String address, List<Integer> ports) {
    /** The port of rank 0. */
    public int port() {
        return ports.get(0);
    }

    /** {@code address:port} of rank 0, as the EPP's endpoint and the gateway's destination name it. */
    public String endpoint() {
        return address + ":" + port();
    }

    public String baseUrl() {
        return "http://" + endpoint();
    }
}
