package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up starts with the main job: `./pool sandbox --smoke`, run here as a user of the
 * clone runs it (a real process from the repository's root), must bring the sandbox up, get one
 * completion answered through the gateway, print it with the pod that served it, and exit 0.
 */
class ReadmeFirstCommandTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theReadmesFirstCommandAnswersACompletionThroughTheSandboxAndExits0() throws Exception {
        String command = firstSetUpCommand();
        assertEquals("./pool sandbox --smoke", command);

        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder("bash", "-c", command).directory(REPO.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String report = "stdout:\n" + stdout + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);

        assertTrue(ended, () -> "did not end within 8 minutes\n" + report);
        assertEquals(0, process.exitValue(), report);
        assertTrue(stdout.contains("HTTP 200"), report);
        assertTrue(stdout.matches("(?s).*x-pool-endpoint: vllm-llama3-8b-instruct-\\S+ 127\\.\\d+\\.\\d+\\.\\d+:8000.*"), report);
        assertTrue(stdout.contains("\"object\":\"text_completion\""), report);
    }

    /** The first line of the README's first bash block (the Set-up section). */
    private static String firstSetUpCommand() throws Exception {
        List<String> lines = Files.readAllLines(REPO.resolve("README.md"));
        int start = lines.indexOf("```bash");
        return lines.get(start + 1).strip();
    }
}
