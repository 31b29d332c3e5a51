package epp.image;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class-data archive baked into the image: the staged runtime starts the EPP from the staged
 * app directory, with the chart's arguments, against a {@link TrainingApi} until it has synced
 * the pool and scraped its pod a few times and answered the readiness probe and a Prometheus
 * scrape, is stopped with SIGTERM as Kubernetes stops it, and
 * the classes it loaded are dumped into a static archive. The run uses the image's relative class
 * path and the staged files carry the image's fixed modification time, so the archive validates
 * in the container.
 */
final class CdsTraining {
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final int SCRAPES = 5;
    private static final int PROBES = 3;

    private CdsTraining() {}

    /** Writes {@link ImageLayout#CDS_ARCHIVE} into {@code appDir}. */
    static void train(Path javaLauncher, Path appDir, String classPath, String mainClass, Path scratch)
            throws IOException, InterruptedException {
        Path classList = scratch.resolve("epp.classlist");
        Path kubeconfig = scratch.resolve("training.kubeconfig");
        try (TrainingApi api = new TrainingApi(SCRAPES)) {
            Files.writeString(kubeconfig, api.kubeconfig());
            List<String> command = new ArrayList<>(List.of(javaLauncher.toString(), "-XX:DumpLoadedClassList=" + classList));
            command.addAll(ImageLayout.jvmFlags(false));
            command.addAll(List.of("-cp", classPath, mainClass,
                    "--pool-name", TrainingApi.POOL, "--pool-namespace", TrainingApi.NAMESPACE,
                    "--pool-group", "inference.networking.k8s.io", "--zap-encoder", "json", "--v", "1", "--tracing=false",
                    "--metrics-endpoint-auth=false", "--kubeconfig", kubeconfig.toString(),
                    "--grpc-port", "0", "--grpc-health-port", "0", "--metrics-port", "0"));
            Process epp = new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true).start();
            var output = new StringBuilder();
            // The whole start: the ext_proc listener starts after the informers sync (with a generated
            // key, when that is ready), so scrapes alone may come before it.
            var serving = new CompletableFuture<String>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(epp, output, serving));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
                String servingLine;
                try {
                    if (!api.awaitScrapes(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new TimeoutException();
                    }
                    servingLine = serving.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    throw new ImageBuildException("the EPP's training start did not sync the pool, scrape its pod and log "
                            + "\"EPP serving\" within " + START_TIMEOUT_SECONDS + " s; its output:\n" + tail(output));
                }
                probeAsTheKubeletAndPrometheusDo(servingLine, output);
            } finally {
                epp.destroy(); // SIGTERM: the EPP stops as in a pod
                if (!epp.waitFor(30, TimeUnit.SECONDS)) {
                    epp.destroyForcibly().waitFor();
                }
            }
            reader.join();
            if (epp.exitValue() != 0) {
                throw new ImageBuildException("the EPP's training start exited " + epp.exitValue() + " on SIGTERM; its output:\n" + tail(output));
            }
        }
        dump(javaLauncher, appDir, classPath, classList);
    }

    private static void dump(Path javaLauncher, Path appDir, String classPath, Path classList) throws IOException, InterruptedException {
        Process dump = new ProcessBuilder(javaLauncher.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + ImageLayout.CDS_ARCHIVE, "-cp", classPath)
                .directory(appDir.toFile()).redirectErrorStream(true).start();
        String log = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (dump.waitFor() != 0 || !Files.isRegularFile(appDir.resolve(ImageLayout.CDS_ARCHIVE))) {
            throw new ImageBuildException("the class-data archive dump failed (exit " + dump.exitValue() + "):\n" + log.strip());
        }
    }

    /**
     * What comes right after "EPP serving" in a pod, so its classes are in the archive too: the
     * readiness probe's gRPC health check (the server's HTTP/2 transport, the health service;
     * without them the first probe took 0.4 s more) and a Prometheus scrape of /metrics.
     */
    private static void probeAsTheKubeletAndPrometheusDo(String servingLine, StringBuilder output) throws IOException, InterruptedException {
        int healthPort = port(servingLine, "grpcHealthPort");
        int metricsPort = port(servingLine, "metricsPort");
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", healthPort, InsecureChannelCredentials.create()).build();
        try {
            var probe = HealthCheckRequest.newBuilder().setService("inference-extension").build();
            for (int i = 0; i < PROBES; i++) {
                HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).check(probe);
            }
        } catch (StatusRuntimeException e) {
            throw new ImageBuildException("the EPP's training start did not answer a gRPC health check on port " + healthPort + ": "
                    + e.getStatus() + "; its output:\n" + tail(output));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < PROBES; i++) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new ImageBuildException("the EPP's training start answered /metrics with HTTP " + response.statusCode()
                        + "; its output:\n" + tail(output));
            }
        }
    }

    private static int port(String servingLine, String name) {
        Matcher port = Pattern.compile("\"" + name + "\":(\\d+)").matcher(servingLine);
        if (!port.find()) {
            throw new ImageBuildException("the EPP's \"EPP serving\" line has no " + name + ": " + servingLine);
        }
        return Integer.parseInt(port.group(1));
    }

    private static void collect(Process process, StringBuilder output, CompletableFuture<String> serving) {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("\"msg\":\"EPP serving\"")) {
                    serving.complete(line);
                }
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException closed) {
            // the process is gone
        }
    }

    private static String tail(StringBuilder output) {
        synchronized (output) {
            return output.length() <= 4000 ? output.toString() : output.substring(output.length() - 4000);
        }
    }
}
