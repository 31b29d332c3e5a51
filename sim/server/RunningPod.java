package sim.server;

import java.util.List;

/**
 * A pod that is listening: where each of its data-parallel ranks answers.
 *
 * @param ports        HTTP port of each rank
 * @param kvEventPorts port of each rank's bound KV event PUB socket (empty without KV events, 0 when it connects out)
 * @param replayPorts  port of each rank's replay ROUTER socket (empty without one)
 */
public record RunningPod(String name, String address, List<Integer> ports, List<Integer> kvEventPorts,
                         List<Integer> replayPorts) {
    public RunningPod(String name, String address, List<Integer> ports) {
        this(name, address, ports, List.of(), List.of());
    }

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
