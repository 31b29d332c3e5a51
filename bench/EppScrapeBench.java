///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../epp/**.java

import com.sun.net.httpserver.HttpServer;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.metrics.MetricsScraper;
import epp.metrics.ScrapeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * CPU the EPP's scraper uses: N endpoints scraped every interval, against N model-server
 * stand-ins on loopback addresses serving a real vLLM body. The servers run in a child process so
 * that only the scraper's process CPU (its threads, JIT and GC) is measured.
 *
 * Usage: EppScrapeBench [endpoints=100] [intervalMs=50] [warmupS=20] [measureS=20] [fixture]
 *        EppScrapeBench serve N fixture   (the child: prints "address port" per server, then "ready")
 */
public class EppScrapeBench {
    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), Path.of(args[2]));
            return;
        }
        int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long intervalMs = args.length > 1 ? Long.parseLong(args[1]) : 50;
        int warmupS = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int measureS = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path fixture = Path.of(args.length > 4 ? args[4] : "tests/epp/metrics/vllm-0.28.0-gpu-l4-kv-exhausted.txt");

        Process servers = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC", EppScrapeBench.class.getName(),
                "serve", String.valueOf(endpoints), fixture.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            List<Endpoint> targets = new ArrayList<>();
            var lines = new BufferedReader(new InputStreamReader(servers.getInputStream()));
            for (String line; !"ready".equals(line = lines.readLine()); ) {
                if (line == null) {
                    throw new IllegalStateException("the server process ended before it was ready");
                }
                String[] parts = line.split(" ");
                targets.add(new Endpoint(new EndpointId("bench", "pod-" + targets.size(), 0), parts[0],
                        Integer.parseInt(parts[1]), Map.of("app", "vllm")));
            }
            ScrapeConfig config = ScrapeConfig.defaults().withInterval(Duration.ofMillis(intervalMs));
            double parseMicros = parseAndExtractMicros(config, Files.readAllBytes(fixture));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (MetricsScraper scraper = new MetricsScraper(config)) {
                targets.forEach(scraper::endpointAdded);
                Thread.sleep(warmupS * 1000L);
                var threads = ManagementFactory.getThreadMXBean();
                Map<String, Long> threadCpu0 = threadCpu();
                long[] procStat0 = procStat();
                var allocation = (com.sun.management.ThreadMXBean) threads;
                long allocated0 = totalAllocated(allocation);
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                long ok0 = scraper.counters().successes();
                long failed0 = scraper.counters().failures();
                Thread.sleep(measureS * 1000L);
                long cpu = os.getProcessCpuTime() - cpu0;
                long[] procStat1 = procStat();
                long allocated = totalAllocated(allocation) - allocated0;
                Map<String, Long> threadCpu1 = threadCpu();
                long wall = System.nanoTime() - wall0;
                long ok = scraper.counters().successes() - ok0;
                long failed = scraper.counters().failures() - failed0;
                double seconds = wall / 1e9;
                double target = endpoints * 1000.0 / intervalMs;
                System.out.printf("epp-scrape: endpoints=%d interval=%dms body=%d bytes (%s)%n", endpoints, intervalMs,
                        Files.size(fixture), fixture.getFileName());
                System.out.printf("epp-scrape: scrapes/s=%.0f (target %.0f) failures/s=%.1f%n", ok / seconds, target,
                        failed / seconds);
                System.out.printf("epp-scrape: scraper CPU = %.3f of a core (%.1f us per scrape), nproc=%d, load=%.2f%n",
                        cpu / (double) wall, cpu / 1e3 / Math.max(1, ok), os.getAvailableProcessors(),
                        os.getSystemLoadAverage());
                if (procStat0 != null && procStat1 != null) {
                    System.out.printf("epp-scrape: user %.3f, system %.3f of a core%n",
                            (procStat1[0] - procStat0[0]) / 100.0 / seconds, (procStat1[1] - procStat0[1]) / 100.0 / seconds);
                }
                System.out.printf("epp-scrape: of which parse + extract alone: %.1f us per body (one thread, warm)%n",
                        parseMicros);
                System.out.printf("epp-scrape: allocated %.1f KB per scrape (%.0f MB/s)%n",
                        allocated / 1024.0 / Math.max(1, ok), allocated / 1e6 / seconds);
                StringBuilder perThread = new StringBuilder();
                threadCpu1.forEach((name, ticks) -> {
                    double share = (ticks - threadCpu0.getOrDefault(name, 0L)) / 100.0 / seconds;
                    if (share >= 0.005) {
                        perThread.append(String.format(" %s=%.3f", name, share));
                    }
                });
                System.out.println("epp-scrape: by thread (share of a core):" + perThread);
                Endpoint sample = targets.get(0);
                System.out.printf("epp-scrape: sample snapshot of %s: queue=%d kv=%.4f blockSize=%d%n", sample,
                        sample.metrics().waitingQueueSize(), sample.metrics().kvCacheUsagePercent(),
                        sample.metrics().cacheBlockSize());
            }
        } finally {
            servers.destroy();
        }
    }

    /** Thread CPU time of parsing and extracting the body, after warming up, in microseconds per body. */
    private static double parseAndExtractMicros(ScrapeConfig config, byte[] body) throws Exception {
        var extractor = new epp.metrics.MetricsExtractor(config);
        var parser = new epp.metrics.ExpositionParser(extractor.familyNames());
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = 0;
        int measured = 20_000;
        for (int i = 0; i < 2 * measured; i++) {
            if (i == measured) {
                cpu0 = threads.getCurrentThreadCpuTime();
            }
            extractor.extract(parser.parse(body, body.length), epp.datastore.ModelServerMetrics.NEVER_SCRAPED,
                    java.time.Instant.EPOCH);
        }
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / measured;
    }

    /** CPU clock ticks per OS thread name family (Linux /proc; "GC Thread#0" and "#1" add up as "GC Thread#"). */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+$", "");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException threadEnded) {
                    // the thread ended between list and read
                }
            }
        } catch (java.io.IOException notLinux) {
            return Map.of();
        }
        return byName;
    }

    private static long totalAllocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return sum;
    }

    /** utime and stime of this process in clock ticks (Linux /proc), or null elsewhere. */
    private static long[] procStat() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            return null;
        }
    }

    /** N servers on 127.0.1.1, 127.0.1.2, ... (ephemeral ports) all serving the fixture at /metrics. */
    private static void serve(int count, Path fixture) throws Exception {
        byte[] body = Files.readAllBytes(fixture);
        var workers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < count; i++) {
            String address = "127.0.1." + (1 + i % 250);
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 64);
            server.createContext("/metrics", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(workers);
            server.start();
            System.out.println(address + " " + server.getAddress().getPort());
        }
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await(); // until the parent destroys this process
    }
}
