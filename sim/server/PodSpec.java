package sim.server;

import sim.engine.SimOptions;

/**
 * One simulated model-server pod: its name, the loopback address and port it listens on (port 0 =
 * any free port; with {@code data-parallel-size} N, rank r listens on port + r), and its settings.
 */
public record PodSpec(String name, String address, int port, SimOptions options) {
    public PodSpec {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("pod " + name + ": address " + address
                    + " is not a loopback address; simulated pods listen on 127.0.0.0/8 only");
        }
        options.validate();
    }
}
