///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/HdrHistogram.java
//SOURCES ../epp/**.java
//JAVA_OPTIONS -Xmx1g

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.Authenticator;
import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.datastore.ModelServerMetrics;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.config.SchedulerLoader;
import epp.server.Backends;
import epp.server.EppConfig;
import epp.server.EppRunner;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The ext_proc load driver behind bench/epp-load. Every request is one ext_proc stream, driven as
 * Envoy drives it: request headers, the body in 64 KB chunks (FULL_DUPLEX_STREAMED), half-close
 * once the last body reply is in. Added latency = until the header reply and the last body reply
 * are in (when Envoy could forward the request to the model server).
 *
 * <p>Two loads. Saturation (closed loop): {@code --streams} virtual clients, each starting its next
 * request when the previous stream ends; gives the most req/s. Paced (open loop, {@code --rate R}):
 * request i is due at start + i/R, requests dealt round-robin to {@code --streams} virtual clients
 * (the most in flight); a client that is still busy when its next request is due sends it late,
 * and latency counts from the due time, not the send time, so queueing shows in the percentiles
 * instead of being hidden by a slower send rate (coordinated omission). The send lag (due → sent)
 * is reported on its own: it is the driver's and the machine's share of the latency.
 *
 * <p>By default the EPP runs in a child JVM (this class with {@code serve}: real servers on
 * loopback, 100 endpoints, the default scheduling profile, an in-memory datastore), so its CPU
 * time per run is measured apart from the driver's; {@code --target HOST:PORT} drives a running EPP.
 */
@Command(name = "epp-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load on the EPP's ext_proc path: req/s, added latency p50/p99 and CPU per run.")
public class EppLoad implements Callable<Integer> {
    static final int ENDPOINTS = 100;
    static final int CHUNK = 64 * 1024;

    @Option(names = "--streams", defaultValue = "64", paramLabel = "N",
            description = "Saturation: requests kept in flight. Paced: virtual clients = the most requests in flight (default ${DEFAULT-VALUE}).")
    int streams;
    @Option(names = "--connections", defaultValue = "1", paramLabel = "N",
            description = "HTTP/2 connections the streams are spread over (Envoy opens one per worker thread; default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup", defaultValue = "20", paramLabel = "S",
            description = "Unmeasured seconds at saturation before each run, then 2 more at the run's rate if paced (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--rate", paramLabel = "R", description = "Paced load: R requests per second in total. Without it: saturation.")
    Double rate;
    @Option(names = "--body-kb", split = ",", defaultValue = "1,200", paramLabel = "KB",
            description = "Request body sizes, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> bodyKb;
    @Option(names = "--tls", description = "ext_proc over TLS (the EPP's self-signed certificate).")
    boolean tls;
    @Option(names = "--target", paramLabel = "HOST:PORT", description = "Drive a running EPP instead of starting one (its CPU is then not measured).")
    String target;
    @Option(names = "--epp-jvm-option", paramLabel = "OPTION",
            description = "A JVM option for the EPP's process, repeatable (e.g. -Xlog:gc; after -Xmx1g and the image's flags).")
    List<String> eppJvmOptions = new ArrayList<>();
    @Option(names = "--image-jvm-flags", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the EPP with the container image's JVM flags (serial GC, 64 MB young generation: epp/image/ImageLayout.java),"
                    + " as a pod runs it (default). --no-image-jvm-flags: -Xmx1g only, the JVM's own choices (G1 on 2 cores);"
                    + " with it, --epp-jvm-option can pick another collector.")
    boolean imageJvmFlags;
    @Option(names = "--matrix",
            description = "The issue's matrix, plaintext then TLS: saturation with 1 KB and 200 KB, paced 2500 req/s with 1 KB and 500 req/s with 200 KB.")
    boolean matrix;

    @Spec
    CommandSpec spec;

    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(args.length > 1 && args[1].equals("--tls"));
            return;
        }
        System.exit(new CommandLine(new EppLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Scenario> scenarios = scenarios();
        System.out.printf("epp-load: %d endpoints, %d streams over %d connection(s), %ds per run after %ds warm-up, nproc=%d, load average %s%n",
                ENDPOINTS, streams, connections, seconds, warmup, Runtime.getRuntime().availableProcessors(), loadAverage());
        if (target == null) {
            System.out.println("epp-load: the EPP's JVM: -Xmx1g " + String.join(" ", eppJvmOptions()));
        }
        List<Row> rows = new ArrayList<>();
        for (boolean tlsOn : new boolean[] {false, true}) {
            List<Scenario> group = scenarios.stream().filter(s -> s.tls() == tlsOn).toList();
            if (group.isEmpty()) {
                continue;
            }
            try (Epp epp = target == null ? LocalEpp.start(tlsOn, eppJvmOptions()) : RemoteEpp.parse(target);
                 Channels channels = new Channels(epp.host(), epp.port(), tlsOn, connections)) {
                for (Scenario scenario : group) {
                    Row row = measure(scenario, epp, channels);
                    System.out.println(row.line());
                    rows.add(row);
                }
            }
        }
        System.out.println();
        Row.printTable(rows, matrix);
        return 0;
    }

    List<Scenario> scenarios() {
        require(streams >= 1, "--streams", streams, "at least 1");
        require(connections >= 1 && connections <= streams, "--connections", connections, "between 1 and --streams");
        require(seconds >= 1, "--seconds", seconds, "at least 1");
        require(warmup >= 0, "--warmup", warmup, "0 or more");
        if (matrix) {
            for (String alone : List.of("--rate", "--body-kb", "--tls", "--target")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(alone)) {
                    throw new ParameterException(spec.commandLine(), "--matrix runs a fixed set of loads, plaintext and TLS, on an EPP it starts; drop " + alone);
                }
            }
            List<Scenario> all = new ArrayList<>();
            for (boolean tlsOn : new boolean[] {false, true}) {
                all.add(new Scenario(tlsOn, null, 1, 5_000, 0));
                all.add(new Scenario(tlsOn, null, 200, 1_000, 0));
                all.add(new Scenario(tlsOn, 2_500.0, 1, 0, 2.0));
                all.add(new Scenario(tlsOn, 500.0, 200, 0, 2.0));
            }
            return all;
        }
        require(rate == null || rate > 0, "--rate", rate, "more than 0 requests per second");
        for (int kb : bodyKb) {
            require(kb >= 1 && kb <= 64 * 1024, "--body-kb", kb, "between 1 and 65536");
        }
        if (target != null && !eppJvmOptions.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--epp-jvm-option applies to the EPP this driver starts; drop it with --target");
        }
        if (target != null) {
            try {
                RemoteEpp.parse(target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return bodyKb.stream().map(kb -> new Scenario(tls, rate, kb, 0, 0)).toList();
    }

    void require(boolean ok, String option, Object value, String expected) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), "Invalid value " + value + " for " + option + ": use " + expected);
        }
    }

    /**
     * Warms up, then measures one run with both processes' CPU time over it. The warm-up is always
     * at saturation, as many requests as possible through the JIT: after 10 s of paced or even
     * saturation warm-up a fresh EPP still used 1.2-1.6x the CPU per request of a warm one with TLS
     * and 200 KB bodies (20-30 s got there). A paced run then gets 2 s of its own load first, so it
     * starts from that load's steady state.
     */
    Row measure(Scenario scenario, Epp epp, Channels channels) throws Exception {
        List<ByteString> bodies = bodies(scenario.bodyKb() * 1024, 64);
        Load load = scenario.rate() == null ? new Saturation(streams) : new Paced(streams, scenario.rate());
        if (warmup > 0) {
            new Saturation(streams).run(channels, bodies, warmup);
            if (scenario.rate() != null) {
                load.run(channels, bodies, Math.min(2, warmup));
            }
        }
        String loadAverage = loadAverage();
        long eppCpu = epp.cpuNanos();
        long driverCpu = processCpuNanos();
        Result result = load.run(channels, bodies, seconds);
        long eppCpuUsed = eppCpu < 0 ? -1 : epp.cpuNanos() - eppCpu;
        return new Row(scenario, result, eppCpuUsed, processCpuNanos() - driverCpu, loadAverage);
    }

    /** One run's setting; the goals (0 = none) are the issue's targets, checked in the table. */
    record Scenario(boolean tls, Double rate, int bodyKb, double goalRequestsPerSecond, double goalP99Millis) {
        String load() {
            return rate == null ? "saturation" : String.format("paced %.0f/s", rate);
        }

        String goal() {
            return goalRequestsPerSecond > 0 ? String.format("≥ %.0f req/s", goalRequestsPerSecond)
                    : goalP99Millis > 0 ? String.format("p99 ≤ %.0f ms", goalP99Millis) : "";
        }

        String met(Result result) {
            if (goalRequestsPerSecond > 0) {
                return result.requestsPerSecond() >= goalRequestsPerSecond ? "yes" : "no";
            }
            if (goalP99Millis > 0) {
                // A paced run that fell behind its rate did not run at the load the goal is set for.
                boolean keptRate = result.requestsPerSecond() >= 0.98 * rate && result.errors() == 0;
                return !keptRate ? "no (rate)" : result.latency().getValueAtPercentile(99) / 1e6 <= goalP99Millis ? "yes" : "no";
            }
            return "";
        }
    }

    /**
     * One measured run. {@code seconds} runs from the start until the last stream ended (at least
     * the run's length), so req/s is what was achieved, not what was asked for.
     */
    record Result(long requests, long errors, double seconds, Histogram latency, Histogram sendLag) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /** A printed run: figures in ms, CPU as cores (CPU time / wall time) and µs per request. */
    record Row(Scenario scenario, Result result, long eppCpuNanos, long driverCpuNanos, String loadAverage) {
        List<String> cells() {
            Histogram latency = result.latency();
            double perRequest = Math.max(1, result.requests()) * 1e3;
            return List.of(scenario.tls() ? "on" : "off", scenario.load(), scenario.bodyKb() + " KB",
                    String.format("%.0f", result.requestsPerSecond()),
                    millis(latency.getValueAtPercentile(50)), millis(latency.getValueAtPercentile(99)), millis(latency.getMaxValue()),
                    result.sendLag() == null ? "-" : millis(result.sendLag().getValueAtPercentile(99)),
                    eppCpuNanos < 0 ? "n/a" : String.format("%.2f", eppCpuNanos / 1e9 / result.seconds()),
                    eppCpuNanos < 0 ? "n/a" : String.format("%.0f", eppCpuNanos / perRequest),
                    String.format("%.2f", driverCpuNanos / 1e9 / result.seconds()),
                    String.valueOf(result.errors()), loadAverage);
        }

        static final List<String> HEADER = List.of("TLS", "load", "body", "req/s", "p50 ms", "p99 ms", "max ms", "send lag p99 ms",
                "EPP CPU cores", "EPP CPU us/req", "driver CPU cores", "errors", "load avg 1m");

        String line() {
            List<String> cells = cells();
            var text = new StringBuilder("epp-load");
            for (int i = 0; i < HEADER.size(); i++) {
                text.append(i == 0 ? " " : ", ").append(HEADER.get(i)).append('=').append(cells.get(i));
            }
            return text.toString();
        }

        static void printTable(List<Row> rows, boolean withGoals) {
            List<String> header = new ArrayList<>(HEADER);
            if (withGoals) {
                header.addAll(List.of("goal", "met"));
            }
            System.out.println("| " + String.join(" | ", header) + " |");
            System.out.println("|" + "---|".repeat(header.size()));
            for (Row row : rows) {
                List<String> cells = new ArrayList<>(row.cells());
                if (withGoals) {
                    cells.addAll(List.of(row.scenario().goal(), row.scenario().met(row.result())));
                }
                System.out.println("| " + String.join(" | ", cells) + " |");
            }
        }

        static String millis(long nanos) {
            return String.format("%.2f", nanos / 1e6);
        }
    }

    /** CPU time of this JVM (the driver). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** The EPP under load: where it listens and, when known, its process CPU time. */
    interface Epp extends AutoCloseable {
        String host();

        int port();

        /** CPU time the EPP's process has used so far, or -1 when it is not known. */
        long cpuNanos();

        @Override
        void close() throws Exception;
    }

    record RemoteEpp(String host, int port) implements Epp {
        static RemoteEpp parse(String target) {
            int colon = target.lastIndexOf(':');
            try {
                return new RemoteEpp(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--target " + target + " is not HOST:PORT (e.g. 127.0.0.1:9002)");
            }
        }

        @Override
        public long cpuNanos() {
            return -1;
        }

        @Override
        public void close() {}
    }

    /** The EPP's JVM options: the image's flags (no class-data archive: the child runs from JBang's jars), then --epp-jvm-option. */
    List<String> eppJvmOptions() {
        List<String> options = new ArrayList<>();
        if (imageJvmFlags) {
            options.addAll(epp.image.ImageLayout.jvmFlags(false));
        }
        options.addAll(eppJvmOptions);
        return options;
    }

    /** The EPP in a child JVM ({@code EppLoad serve}); it stops when its stdin closes. */
    record LocalEpp(Process process, int port) implements Epp {
        static LocalEpp start(boolean tls, List<String> jvmOptions) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), EppLoad.class.getName(), "serve", tls ? "--tls" : "--plaintext"));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // Bounded: an RSA-4096 key is generated for TLS, which takes seconds on a busy machine.
            CompletableFuture<String> portLine = CompletableFuture.supplyAsync(() -> {
                try {
                    // Agents (a profiler's "Profiling started") may print first: skip to the port line.
                    String line;
                    while ((line = lines.readLine()) != null && !line.startsWith("port ")) {
                        System.err.println("epp: " + line);
                    }
                    return line;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            try {
                String line = portLine.get(120, TimeUnit.SECONDS);
                if (line == null || !line.startsWith("port ")) {
                    throw new IllegalStateException("the EPP process ended before serving (its errors are above)");
                }
                return new LocalEpp(process, Integer.parseInt(line.substring("port ".length())));
            } catch (TimeoutException | RuntimeException e) {
                process.destroyForcibly();
                throw e instanceof TimeoutException ? new IllegalStateException("the EPP process did not serve within 120 s") : e;
            }
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The child JVM: an EPP on loopback with the benchmark's pool until stdin closes. */
    static void serve(boolean tls) throws Exception {
        EppRunner runner = new EppRunner(new BenchBackends());
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs("--pool-name=bench", "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0",
                "--metrics-endpoint-auth=false", "--tracing=false", "--secure-serving=" + tls, "--zap-encoder=json", "-v=1");
        EppFlags flags = ((EppCommand) line.getCommand()).flags();
        epp.logging.Log.configure(true, 1);
        try {
            System.out.println("port " + runner.start(flags.config(Map.of()), Map.of()).grpcPort());
            System.out.flush();
            while (System.in.read() != -1) {
                // Runs until the driver closes our stdin (or dies).
            }
        } finally {
            runner.close();
        }
        System.exit(0);
    }

    /** The driver's HTTP/2 connections to the EPP; stream i goes over connection i mod N. */
    static final class Channels implements AutoCloseable {
        final List<ManagedChannel> channels = new ArrayList<>();

        Channels(String host, int port, boolean tls, int count) {
            ChannelCredentials credentials = tls
                    ? TlsChannelCredentials.newBuilder().trustManager(insecureTrust()).build()
                    : InsecureChannelCredentials.create();
            for (int i = 0; i < count; i++) {
                // The driver's callbacks never block, so they run on the transport threads: a hand-off
                // to gRPC's default pool per message would cost the shared cores more than the EPP's work.
                channels.add(Grpc.newChannelBuilderForAddress(host, port, credentials).directExecutor().build());
            }
        }

        ExternalProcessorGrpc.ExternalProcessorStub stub(int stream) {
            return ExternalProcessorGrpc.newStub(channels.get(stream % channels.size()));
        }

        @Override
        public void close() throws InterruptedException {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    interface Load {
        Result run(Channels channels, List<ByteString> bodies, int seconds) throws InterruptedException;
    }

    /** Closed loop: each virtual client starts its next request when its previous stream ended. */
    record Saturation(int streams) implements Load {
        @Override
        public Result run(Channels channels, List<ByteString> bodies, int seconds) throws InterruptedException {
            var tally = new Tally(streams);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; i < streams; i++) {
                new ClosedLoopClient(channels.stub(i), bodies, i, end, tally).run();
            }
            tally.awaitClients(seconds);
            return tally.result(start, System.nanoTime(), false);
        }
    }

    static final class ClosedLoopClient implements Runnable {
        final ExternalProcessorGrpc.ExternalProcessorStub stub;
        final List<ByteString> bodies;
        final long end;
        final Tally tally;
        int next;

        ClosedLoopClient(ExternalProcessorGrpc.ExternalProcessorStub stub, List<ByteString> bodies, int id, long end, Tally tally) {
            this.stub = stub;
            this.bodies = bodies;
            this.next = id;
            this.end = end;
            this.tally = tally;
        }

        @Override
        public void run() {
            long sent = System.nanoTime();
            if (sent >= end) {
                tally.finished.countDown();
                return;
            }
            Exchange.start(stub, bodies.get(next++ % bodies.size()), new Exchange.Listener() {
                @Override
                public void routed(long atNanos) {
                    tally.latency.recordValue(atNanos - sent);
                }

                @Override
                public void ended(boolean routed) {
                    tally.ended(routed, ClosedLoopClient.this);
                }
            });
        }
    }

    /**
     * Open loop at a fixed rate: request i is due at start + i/rate and goes to client i mod
     * {@code clients}; latency counts from the due time. A client still busy at its next due time
     * sends as soon as it is free (the lateness lands in the latency). Requests due in the run are
     * all sent, unless the EPP is so far behind that 30 s after the run some are still unsent
     * (those count as errors).
     */
    record Paced(int clients, double rate) implements Load {
        @Override
        public Result run(Channels channels, List<ByteString> bodies, int seconds) throws InterruptedException {
            var tally = new Tally(clients);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            for (int k = 0; k < clients; k++) {
                new PacedClient(this, channels.stub(k), bodies, k, start, end, tally).run();
            }
            tally.awaitClients(seconds);
            return tally.result(start, Math.max(end, tally.lastEnd.get()), true);
        }

        long due(long start, long index) {
            return start + (long) (index * 1e9 / rate);
        }
    }

    static final class PacedClient implements Runnable {
        final Paced load;
        final ExternalProcessorGrpc.ExternalProcessorStub stub;
        final List<ByteString> bodies;
        final long start;
        final long end;
        final long giveUp;
        final Tally tally;
        long index;

        PacedClient(Paced load, ExternalProcessorGrpc.ExternalProcessorStub stub, List<ByteString> bodies, int id, long start, long end,
                    Tally tally) {
            this.load = load;
            this.stub = stub;
            this.bodies = bodies;
            this.index = id;
            this.start = start;
            this.end = end;
            this.giveUp = end + TimeUnit.SECONDS.toNanos(30);
            this.tally = tally;
        }

        /** Sends this client's next request at its due time, or at once when it is already late. */
        @Override
        public void run() {
            while (true) {
                long due = load.due(start, index);
                ByteString body = bodies.get((int) (index % bodies.size()));
                index += load.clients();
                if (due >= end) {
                    tally.finished.countDown();
                    return;
                }
                long now = System.nanoTime();
                if (now > giveUp) {
                    tally.errors.incrementAndGet();
                    continue;
                }
                if (due > now) {
                    tally.timer.schedule(() -> send(due, body), due - now, TimeUnit.NANOSECONDS);
                } else {
                    send(due, body);
                }
                return;
            }
        }

        void send(long due, ByteString body) {
            tally.sendLag.recordValue(System.nanoTime() - due);
            Exchange.start(stub, body, new Exchange.Listener() {
                @Override
                public void routed(long atNanos) {
                    tally.latency.recordValue(atNanos - due);
                }

                @Override
                public void ended(boolean routed) {
                    tally.ended(routed, PacedClient.this);
                }
            });
        }
    }

    /** What a run's clients share: latency recorders, counters, the timer, and the latch of clients done. */
    static final class Tally {
        final Recorder latency = new Recorder(3);
        final Recorder sendLag = new Recorder(3);
        final AtomicLong done = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final CountDownLatch finished;

        Tally(int clients) {
            finished = new CountDownLatch(clients);
        }

        /**
         * Counts a stream's end and continues its client: at once after a routed request; 1 ms later
         * through the timer after a failed one, so an EPP that fails every call at once neither
         * recurses on the transport thread nor spins.
         */
        void ended(boolean routed, Runnable client) {
            (routed ? done : errors).incrementAndGet();
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            if (routed) {
                client.run();
            } else {
                timer.schedule(client, 1, TimeUnit.MILLISECONDS);
            }
        }

        void awaitClients(int seconds) throws InterruptedException {
            try {
                if (!finished.await(seconds + 60L, TimeUnit.SECONDS)) {
                    System.out.println("epp-load: " + finished.getCount() + " client(s) still had a stream open 60 s after the run");
                }
            } finally {
                timer.shutdownNow();
            }
        }

        Result result(long start, long end, boolean paced) {
            return new Result(done.get(), errors.get(), (end - start) / 1e9, latency.getIntervalHistogram(),
                    paced ? sendLag.getIntervalHistogram() : null);
        }
    }

    /** One request = one ext_proc stream: headers, body chunks, half-close after the last body reply. */
    static final class Exchange {
        interface Listener {
            /** The last body reply arrived at {@code atNanos} (System.nanoTime): Envoy could forward now. */
            void routed(long atNanos);

            /** The stream ended; {@code routed} is false for an ImmediateResponse or a gRPC error. */
            void ended(boolean routed);
        }

        static void start(ExternalProcessorGrpc.ExternalProcessorStub stub, ByteString body, Listener listener) {
            @SuppressWarnings("unchecked")
            StreamObserver<ProcessingRequest>[] requests = new StreamObserver[1];
            requests[0] = stub.process(new StreamObserver<ProcessingResponse>() {
                boolean routed;
                boolean failed;
                boolean ended;

                @Override
                public void onNext(ProcessingResponse reply) {
                    if (reply.hasImmediateResponse()) {
                        failed = true;
                        return;
                    }
                    if (reply.hasRequestBody() && reply.getRequestBody().getResponse().getBodyMutation().getStreamedResponse().getEndOfStream()) {
                        routed = true;
                        listener.routed(System.nanoTime());
                        requests[0].onCompleted();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failed = true;
                    end();
                }

                @Override
                public void onCompleted() {
                    end();
                }

                private void end() {
                    if (!ended) {
                        ended = true;
                        listener.ended(routed && !failed);
                    }
                }
            });
            requests[0].onNext(ProcessingRequest.newBuilder().setRequestHeaders(HttpHeaders.newBuilder().setHeaders(HeaderMap.newBuilder()
                    .addHeaders(header(":method", "POST")).addHeaders(header(":path", "/v1/completions"))
                    .addHeaders(header(":authority", "gateway")).addHeaders(header("content-type", "application/json")))).build());
            for (int offset = 0; offset < body.size(); offset += CHUNK) {
                int end = Math.min(body.size(), offset + CHUNK);
                requests[0].onNext(ProcessingRequest.newBuilder().setRequestBody(
                        HttpBody.newBuilder().setBody(body.substring(offset, end)).setEndOfStream(end == body.size())).build());
            }
        }
    }

    static HeaderValue header(String key, String value) {
        return HeaderValue.newBuilder().setKey(key).setRawValue(ByteString.copyFromUtf8(value)).build();
    }

    /** Completions bodies of about {@code size} bytes with distinct random words (no shared prefix). */
    static List<ByteString> bodies(int size, int count) {
        var random = new Random(42);
        List<ByteString> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var prompt = new StringBuilder(size);
            while (prompt.length() < size - 64) {
                prompt.append("w").append(random.nextInt(100_000)).append(' ');
            }
            list.add(ByteString.copyFromUtf8("{\"model\":\"llama\",\"prompt\":\"" + prompt + "\",\"max_tokens\":100,\"temperature\":0.0}"));
        }
        return list;
    }

    /** The in-process EPP's pool: 100 endpoints with fresh, varied metrics, and the default profile. */
    static final class BenchBackends implements Backends {
        @Override
        public Datastore createDatastore(EppConfig config) {
            var random = new Random(7);
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                var e = new Endpoint(new EndpointId(config.pool().namespace(), "vllm-" + i, 0), "10.1." + (i / 250) + "." + (i % 250 + 1), 8000, Map.of("app", "vllm"));
                e.updateMetrics(new ModelServerMetrics(random.nextInt(8), 0, random.nextDouble(), java.util.Set.of(), java.util.Set.of(), 0, 16,
                        Instant.now().plusSeconds(3600)));
                endpoints.add(e);
            }
            var pool = new PoolInfo("bench", config.pool().namespace(), EppFlags.GROUP_V1, Map.of("app", "vllm"), List.of(8000));
            return new Datastore() {
                @Override
                public Optional<PoolInfo> pool() {
                    return Optional.of(pool);
                }

                @Override
                public List<Endpoint> endpoints() {
                    return endpoints;
                }

                @Override
                public Optional<Objective> objective(String name) {
                    return Optional.empty();
                }

                @Override
                public void addListener(EndpointListener listener) {}
            };
        }

        @Override
        public void startDatastore(Datastore datastore) {}

        @Override
        public boolean poolSynced(Datastore datastore) {
            return true;
        }

        @Override
        public Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) {
            return SchedulerLoader.defaultScheduler(datastore, observer);
        }

        @Override
        public java.util.function.BooleanSupplier startLeaderElection(EppConfig config) {
            throw new UnsupportedOperationException("the benchmark runs one replica");
        }

        @Override
        public Authenticator metricsAuthenticator() {
            throw new UnsupportedOperationException("the benchmark runs with --metrics-endpoint-auth=false");
        }
    }

    /** Trusts any server certificate without a hostname check: the EPP's generated certificate has no SANs. */
    static javax.net.ssl.X509ExtendedTrustManager insecureTrust() {
        return new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
    }
}
