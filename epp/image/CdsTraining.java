package epp.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The class-data archive baked into the image: the staged runtime starts the EPP from the staged
 * app directory, with the chart's arguments, against a {@link TrainingApi} until it has synced
 * the pool and scraped its pod a few times, is stopped with SIGTERM as Kubernetes stops it, and
 * the classes it loaded are dumped into a static archive. The run uses the image's relative class
 * path and the staged files carry the image's fixed modification time, so the archive validates
 * in the container.
 */
final class CdsTraining {
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final int SCRAPES = 5;

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
            var serving = new CountDownLatch(1);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(epp, output, serving));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
                if (!api.awaitScrapes(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        || !serving.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new ImageBuildException("the EPP's training start did not sync the pool, scrape its pod and log "
                            + "\"EPP serving\" within " + START_TIMEOUT_SECONDS + " s; its output:\n" + tail(output));
                }
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

    private static void collect(Process process, StringBuilder output, CountDownLatch serving) {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("\"msg\":\"EPP serving\"")) {
                    serving.countDown();
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
