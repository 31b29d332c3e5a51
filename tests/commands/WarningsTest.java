package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every warning the CLI prints has Helm v4's one form, `level=WARN msg="..."` (issue 8 item 9). */
class WarningsTest {
    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";
    static final String MISSPELLED = "level=WARN msg=\"inferenceExtention: unknown value: the chart does not use it; did you mean inferenceExtension?\"";

    @TempDir
    static Path dir;
    static PoolRunner pool;

    @BeforeAll
    static void start() {
        pool = new PoolRunner(dir);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static void everyWarningHasOneForm(String err) {
        for (String line : err.lines().toList()) {
            if (line.toLowerCase(Locale.ROOT).contains("warn")) {
                assertTrue(line.startsWith("level=WARN msg="), "a warning in another form: " + line);
            }
        }
    }

    @Test
    void templateInstallAndUpgradeWarnAlike() {
        var template = PoolRunner.run("template", "pool-1", "--set", MATCH, "--set", "inferenceExtention.replicas=2", "--version", "v9");
        var install = pool.pool("warn", "install", "pool-1", "--set", MATCH, "--set", "inferenceExtention.replicas=2",
                "--create-namespace", "--version", "v9");
        var upgrade = pool.pool("warn", "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtention.replicas=3");
        for (var run : List.of(template, install, upgrade)) {
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().lines().anyMatch(MISSPELLED::equals), run.err());
            everyWarningHasOneForm(run.err());
        }
    }

    @Test
    void aValueThatCannotReplaceATableWarnsInTheSameForm() {
        var template = PoolRunner.run("template", "pool-1", "--set", MATCH, "--set", "jaeger.allInOne.resources=small");
        everyWarningHasOneForm(template.err());
        assertTrue(template.err().contains("level=WARN msg="), template.err());
    }
}
