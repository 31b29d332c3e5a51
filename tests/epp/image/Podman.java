package epp.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The podman CLI for tests: whether it can run containers here, and bounded runs of its commands. */
final class Podman {
    private Podman() {}

    /** Empty when podman can run containers; otherwise why not (the reason a test skips with). */
    static Optional<String> available() {
        try {
            run(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"), Duration.ofSeconds(60));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("podman is not installed (.ci/install-podman installs and configures it): " + e.getMessage());
        } catch (AssertionError | InterruptedException e) {
            return Optional.of("podman cannot run containers here: " + e.getMessage());
        }
    }

    /** Runs `podman ARGS`, fails on a non-zero exit or when it takes longer than {@code timeout}; returns its output. */
    static String run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException closed) {
                // the process is gone
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
        reader.join();
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + output.toString().strip());
        }
        return output.toString();
    }
}
