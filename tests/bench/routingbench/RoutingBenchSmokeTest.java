package bench.routingbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/routing end to end on a tiny stage: every router behind the gateway, simulated pods, the
 * EPP for the EPP routers; a few requests each. Checks what is written and that the numbers are
 * sane (every request answered, no errors, the output tokens asked for); nothing about timing.
 */
class RoutingBenchSmokeTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path out;

    @Test
    void aTinyStagePerRouterWritesTheTableThePlotsAndTheHeadline() throws Exception {
        BenchPlan plan = BenchPlan.of(BenchPlan.Size.SMOKE, 42);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        RoutingBenchmark.Outcome outcome = RoutingBenchmark.onSandbox(plan, 42,
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run(out);

        WorkloadRun run = outcome.runs().get(0);
        assertEquals(List.of(Router.values()), List.copyOf(run.results().keySet()));
        for (var entry : run.results().entrySet()) {
            StageResult stage = entry.getValue().get(0);
            String router = entry.getKey().label();
            assertTrue(stage.sent() >= 2, router + ": a few requests were sent, got " + stage.sent());
            assertEquals(0, stage.errors(), router + ": " + stage.firstError());
            assertEquals(stage.sent(), stage.completed(), router);
            assertEquals(stage.completed() * 32, stage.outputTokens(), router + ": output_len tokens per request");
            assertTrue(stage.ttftMillis(90) > 0 && stage.ttftMillis(90) <= stage.e2eMillis(90), router);
            assertTrue(Double.isNaN(stage.hitRate()) || (stage.hitRate() >= 0 && stage.hitRate() <= 1), router + ": " + stage.hitRate());
        }

        String markdown = Files.readString(out.resolve("results.md"));
        assertEquals(outcome.markdown(), markdown);
        for (Router router : Router.values()) {
            assertTrue(markdown.contains("| " + router.label() + " | 4 | "), "a table row for " + router.label() + ":\n" + markdown);
        }
        assertTrue(markdown.contains("saturation = "), markdown);
        for (String plot : List.of("shared-prefix-ttft-p90.png", "shared-prefix-throughput.png")) {
            byte[] png = Files.readAllBytes(out.resolve(plot));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), plot + " is a PNG");
            assertTrue(markdown.contains("](" + plot + ")"), plot + " is linked from results.md");
        }
        assertTrue(outcome.headline().matches("p90 TTFT at 70% of saturation: EPP \\d+ ms, round-robin \\d+ ms \\(ratio \\d+\\.\\d{3}\\)"),
                outcome.headline());
    }
}
