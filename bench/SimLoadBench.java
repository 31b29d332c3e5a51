///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Vertx.java
//SOURCES ../dependencies/JeroMq.java
//SOURCES ../dependencies/MsgPack.java
//SOURCES ../dependencies/DjlTokenizers.java
//SOURCES ../dependencies/Jinjava.java
//SOURCES ../tokens/**.java
//SOURCES ../sim/engine/**.java
//SOURCES ../sim/events/**.java
//SOURCES ../sim/server/**.java

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import sim.engine.SimOptions;
import sim.server.PodSpec;
import sim.server.RunningPod;
import sim.server.SimulatorHost;

/**
 * CPU the simulator uses: P simulated pods (one child process, default settings: an 8B model on an
 * H100) under Poisson arrivals of streamed chat-style completions at R requests/s spread uniformly
 * over the pods, each pod's /metrics scraped every S ms as the EPP does. Only the child's CPU
 * (all its threads, JIT and GC) is measured, from the OS's process accounting.
 *
 * Usage: SimLoadBench [pods=100] [rate=200] [scrapeMs=50] [warmupS=15] [measureS=30] [promptTokens=1000] [outputTokens=100] [streamed=true]
 *        SimLoadBench serve P   (the child: prints "address port" per pod, then "ready"; ends when stdin closes)
 */
public class SimLoadBench {
    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]));
            return;
        }
        int pods = intArg(args, 0, 100);
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 200;
        int scrapeMs = intArg(args, 2, 50);
        int warmupS = intArg(args, 3, 15);
        int measureS = intArg(args, 4, 30);
        int promptTokens = intArg(args, 5, 1000);
        int outputTokens = intArg(args, 6, 100);
        boolean streamed = args.length <= 7 || Boolean.parseBoolean(args[7]);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC", "-Xmx512m", SimLoadBench.class.getName(),
                "serve", String.valueOf(pods)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            List<String[]> targets = new ArrayList<>();
            var lines = new BufferedReader(new InputStreamReader(child.getInputStream()));
            for (String line; !"ready".equals(line = lines.readLine()); ) {
                if (line == null) {
                    throw new IllegalStateException("the simulator process ended before it was ready");
                }
                targets.add(line.split(" "));
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(64));
            Random random = new Random(1);
            AtomicLong completed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong chunks = new AtomicLong();
            AtomicLong scrapes = new AtomicLong();
            // 20 tenants sharing a system prompt of 3/4 of the prompt, a question of 1/4
            List<String> systems = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                systems.add(text("tenant " + t + " system prompt ", promptTokens * 3 / 4 * 4));
            }
            Runnable[] arrive = new Runnable[1];
            arrive[0] = () -> {
                String[] pod = targets.get(random.nextInt(targets.size()));
                String prompt = systems.get(random.nextInt(systems.size())) + text("question " + random.nextLong() + " ", promptTokens / 4 * 4);
                String body = "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"" + prompt + "\",\"max_tokens\":" + outputTokens
                        + ",\"ignore_eos\":true,\"stream\":" + streamed + ",\"stream_options\":{\"include_usage\":true}}";
                client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(pod[0]).setPort(Integer.parseInt(pod[1]))
                                .setURI("/v1/completions").putHeader("content-type", "application/json"))
                        .compose(req -> req.send(Buffer.buffer(body)))
                        .compose(resp -> {
                            resp.handler(b -> chunks.incrementAndGet());
                            return resp.end().map(v -> resp.statusCode());
                        })
                        .onSuccess(status -> (status == 200 ? completed : failed).incrementAndGet())
                        .onFailure(e -> failed.incrementAndGet());
                long gapMs = Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * 1000 / rate));
                vertx.setTimer(gapMs, id -> arrive[0].run());
            };
            vertx.runOnContext(v -> arrive[0].run());
            if (scrapeMs > 0) {
                for (String[] pod : targets) {
                    vertx.setPeriodic(1 + random.nextInt(scrapeMs), scrapeMs, id -> client.request(HttpMethod.GET,
                                    Integer.parseInt(pod[1]), pod[0], "/metrics")
                            .compose(req -> req.send().compose(resp -> resp.body()))
                            .onSuccess(b -> scrapes.incrementAndGet()));
                }
            }

            Thread.sleep(warmupS * 1000L);
            long cpu0 = cpuNanos(child);
            long done0 = completed.get();
            long chunks0 = chunks.get();
            long scrapes0 = scrapes.get();
            long wall0 = System.nanoTime();
            Thread.sleep(measureS * 1000L);
            long cpu = cpuNanos(child) - cpu0;
            double wall = (System.nanoTime() - wall0) / 1e9;
            long done = completed.get() - done0;
            double core = cpu / 1e9 / wall;
            System.out.printf("pods %d, offered %.0f req/s, %d prompt + %d output tokens, %s, /metrics every %d ms per pod%n",
                    pods, rate, promptTokens, outputTokens, streamed ? "streamed" : "not streamed", scrapeMs);
            System.out.printf("completed %.1f req/s (%d failed), %.0f SSE reads/s, %.0f scrapes/s%n", done / wall, failed.get(),
                    (chunks.get() - chunks0) / wall, (scrapes.get() - scrapes0) / wall);
            System.out.printf("simulator CPU: %.3f of a core, %.0f us per completed request (scrapes included)%n",
                    core, done == 0 ? 0 : cpu / 1e3 / done);
            System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            vertx.close();
        } finally {
            child.getOutputStream().close();
            child.destroy();
            child.waitFor();
        }
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static String text(String seed, int bytes) {
        StringBuilder s = new StringBuilder(bytes);
        while (s.length() < bytes) {
            s.append(seed);
        }
        return s.substring(0, bytes);
    }

    private static int intArg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void serve(int pods) throws Exception {
        SimulatorHost host = SimulatorHost.create();
        List<PodSpec> specs = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            SimOptions options = new SimOptions();
            options.seed = i;
            specs.add(new PodSpec("sim-" + i, "127.0.1." + (1 + i % 250), 0, options));
        }
        for (RunningPod pod : host.start(specs)) {
            System.out.println(pod.address() + " " + pod.port());
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
        host.close();
    }
}
