package sim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sim.engine.SimOptions;
import sim.server.PodSpec;
import sim.server.RunningPod;
import sim.server.SimulatorHost;

/**
 * {@code jbang sim@org [flags]}: one or more simulated vLLM servers in this process, until SIGTERM
 * or Ctrl-C. Prints one line per pod on stdout, {@code NAME ADDRESS:PORT}, once all listen.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulated vLLM model servers (OpenAI API, vLLM metrics, KV events) for the pool's sandbox and benchmarks.")
public final class SimCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--port", description = "Port of each pod (rank r of a data-parallel pod: port + r) (default: ${DEFAULT-VALUE}).")
    int port = 8000;

    @Option(names = "--address", description = "Loopback address of the single pod (default: ${DEFAULT-VALUE}).")
    String address = "127.0.0.1";

    @Option(names = "--pods", description = "Simulated pods to run, each on its own address from --address-base (default: ${DEFAULT-VALUE}).")
    int pods = 1;

    @Option(names = "--address-base", description = "With --pods N: pod i listens on this address + i (default: ${DEFAULT-VALUE}).")
    String addressBase = "127.0.0.10";

    @Option(names = "--pod-name-prefix", description = "Pods are named PREFIX-0, PREFIX-1, ... (default: ${DEFAULT-VALUE}).")
    String podNamePrefix = "sim";

    @Mixin
    SimOptions options = new SimOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int execute(String... args) {
        return new CommandLine(new SimCommand()).execute(args);
    }

    /** vLLM's block-hash seed comes from PYTHONHASHSEED; --hash-seed wins (llm-d-inference-sim's rule). */
    String environmentHashSeed = System.getenv("PYTHONHASHSEED");

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (options.hashSeed == null) {
            options.hashSeed = environmentHashSeed;
        }
        List<String> problems = new ArrayList<>(options.problems());
        if (pods < 1) {
            problems.add("--pods must be at least 1, got " + pods);
        }
        List<PodSpec> specs = new ArrayList<>();
        if (problems.isEmpty()) {
            try {
                for (int i = 0; i < pods; i++) {
                    String podAddress = pods == 1 ? address : addressOffset(addressBase, i);
                    specs.add(new PodSpec(podNamePrefix + "-" + i, podAddress, port, options.copy()));
                    options.seed++;
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p));
            err.flush();
            return 1;
        }
        SimulatorHost host = SimulatorHost.create();
        List<RunningPod> running;
        try {
            running = host.start(specs);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            host.close();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (RunningPod pod : running) {
            out.println(pod.name() + " " + pod.endpoint());
        }
        out.flush();
        awaitStopSignal();
        host.close();
        return 0;
    }

    /**
     * Blocks until SIGTERM or SIGINT. Signal handlers, not a shutdown hook: a JVM that shuts down
     * because of a signal exits 128 + the signal whatever its hooks do, and a stop is no failure.
     * (The EPP has the same handling in epp/cli/StopSignal; a shared home would serve both.)
     */
    private static void awaitStopSignal() throws InterruptedException {
        CountDownLatch received = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (received.getCount() == 0) {
                        Runtime.getRuntime().halt(1);
                    }
                    received.countDown();
                });
            } catch (IllegalArgumentException reservedByTheJvm) {
                // -Xrs: the JVM's default handling stays
            }
        }
        received.await();
    }

    /** {@code base} + {@code offset} as IPv4 addresses; must stay within 127.0.0.0/8. */
    static String addressOffset(String base, int offset) {
        String[] parts = base.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--address-base " + base + " is not an IPv4 address, e.g. 127.0.0.10");
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--address-base " + base + " is not an IPv4 address, e.g. 127.0.0.10");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("--address-base " + base + " is not an IPv4 address, e.g. 127.0.0.10");
            }
            value = value << 8 | octet;
        }
        value += offset;
        if ((value >>> 24) != 127 || (value & 0xFF) == 255) {
            throw new IllegalArgumentException((value - offset) >>> 24 != 127
                    ? "--address-base " + base + " is not a loopback address; simulated pods listen on 127.0.0.0/8 only"
                    : "--address-base " + base + " with " + (offset + 1) + " pods leaves 127.0.0.0/8; pick a lower base, e.g. 127.0.0.10");
        }
        return (value >>> 24) + "." + (value >>> 16 & 0xFF) + "." + (value >>> 8 & 0xFF) + "." + (value & 0xFF);
    }
}
