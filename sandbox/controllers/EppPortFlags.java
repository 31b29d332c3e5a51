package sandbox.controllers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The EPP binds its ports on every address, so EPP pods cannot share a port as pods on their own
 * IPs would: each gets host ports of its own. The port flags of its arguments (given or defaulted)
 * are replaced by {@code --flag=hostPort}; the container port each stood for maps to that host port.
 */
final class EppPortFlags {
    /** The EPP's port flags and their defaults (the upstream EPP's). */
    private static final Map<String, Integer> FLAGS = Map.of("grpc-port", 9002, "grpc-health-port", 9003, "metrics-port", 9090);

    record Mapped(List<String> args, Map<Integer, Integer> hostPortByContainerPort) {}

    private EppPortFlags() {}

    static Mapped map(List<String> args, IntSupplier freePort) {
        Map<String, Integer> containerPorts = new LinkedHashMap<>(FLAGS);
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = flagName(arg);
            if (flag == null || !FLAGS.containsKey(flag)) {
                rest.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                rest.add(arg);
                continue;
            }
            try {
                containerPorts.put(flag, Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                rest.add(arg.contains("=") ? arg : arg + "=" + value);  // the EPP reports it
            }
        }
        Map<Integer, Integer> mapping = new LinkedHashMap<>();
        for (var flag : containerPorts.entrySet()) {
            int host = freePort.getAsInt();
            mapping.put(flag.getValue(), host);
            rest.add("--" + flag.getKey() + "=" + host);
        }
        return new Mapped(rest, mapping);
    }

    /** {@code grpc-port} for {@code --grpc-port}, {@code -grpc-port=1} (Go's flags take one dash too); null for a non-flag. */
    private static String flagName(String arg) {
        if (!arg.startsWith("-")) {
            return null;
        }
        String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        int eq = name.indexOf('=');
        return eq < 0 ? name : name.substring(0, eq);
    }
}
