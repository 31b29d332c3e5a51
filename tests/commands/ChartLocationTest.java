package commands;

import common.ProjectVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * Helm's chart-location arguments work as Helm users type them (issue 8 item 1): the chart
 * reference and `--version` install the built-in chart, saying which version it is; an unknown
 * chart is refused; `--version` never prints an empty line. Exit 0 means the job was done.
 */
class ChartLocationTest {
    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";
    static final String OCI = "oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool";
    static final String VERSION_LINE = "level=WARN msg=\"pool renders its built-in inferencepool chart, version " + ProjectVersion.VERSION
            + ", not the requested --version v0\"";

    @TempDir
    static Path dir;
    static PoolRunner pool;

    @BeforeAll
    static void start() {
        pool = new PoolRunner(dir);
        pool.createNamespace("charts");
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    boolean installed(String release) {
        return pool.client.apps().deployments().inNamespace("charts").withName(release + "-epp").get() != null
                && pool.client.secrets().inNamespace("charts").withName("sh.helm.release.v1." + release + ".v1").get() != null;
    }

    @Test
    void theSeedReadmesOciInstallWithVersionInstallsTheBuiltInChartAndSaysWhichVersion() {
        var install = pool.pool("charts", "install", "seed", OCI, "--version", "v0", "--set", MATCH);
        assertEquals(0, install.code(), install.err());
        assertTrue(install.out().contains("STATUS: deployed"), install.out());
        assertEquals(1, install.err().lines().filter(l -> l.equals(VERSION_LINE)).count(), install.err());
        assertTrue(installed("seed"));
    }

    @Test
    void versionWithoutAChartReferenceAndTheLocalChartPathInstallToo() {
        var noChart = pool.pool("charts", "install", "no-chart", "--set", MATCH, "--version", "v0");
        assertEquals(0, noChart.code(), noChart.err());
        assertTrue(noChart.err().contains(VERSION_LINE), noChart.err());
        assertTrue(installed("no-chart"));

        var local = pool.pool("charts", "install", "local", "./config/charts/inferencepool", "--version", ProjectVersion.VERSION, "--set", MATCH);
        assertEquals(0, local.code(), local.err());
        assertFalse(local.err().contains("level=WARN"), "the built-in chart's own version says nothing: " + local.err());
        assertTrue(installed("local"));
    }

    @Test
    void upgradeInstallAndTemplateTakeTheSameArguments() {
        var upgrade = pool.pool("charts", "upgrade", "--install", "upgraded", OCI, "--version", "v0", "--set", MATCH);
        assertEquals(0, upgrade.code(), upgrade.err());
        assertTrue(upgrade.err().contains(VERSION_LINE), upgrade.err());
        assertTrue(installed("upgraded"));

        var template = PoolRunner.run("template", "rendered", OCI, "--version", "v0", "--set", MATCH);
        assertEquals(0, template.code(), template.err());
        assertTrue(template.out().contains("kind: InferencePool"), template.out());
        assertTrue(template.err().contains(VERSION_LINE), template.err());
    }

    @Test
    void anUnknownChartIsRefusedWithExitOneAndNothingWritten() {
        var other = pool.pool("charts", "install", "other", "oci://registry.example/charts/vllm", "--set", MATCH);
        assertEquals(1, other.code(), other.err());
        assertTrue(other.err().startsWith("Error: pool renders only its built-in inferencepool chart; it cannot install CHART "
                + "\"oci://registry.example/charts/vllm\""), other.err());
        assertFalse(installed("other"));
        assertEquals(1, PoolRunner.run("template", "other", "./charts/other", "--set", MATCH).code());
    }

    @Test
    void versionAloneIsPoolsVersionAndNoSubcommandPrintsAnEmptyLine() {
        var root = PoolRunner.run("--version");
        assertEquals(0, root.code());
        assertEquals("pool " + ProjectVersion.VERSION + "\n", root.out());
        for (Class<?> subcommand : PoolCommand.SUBCOMMANDS) {
            String name = subcommand.getAnnotation(Command.class).name();
            if (name.equals("help")) {
                continue; // `help --version` is help
            }
            var run = PoolRunner.run(name, "--version");
            assertNotNull(run);
            if (run.code() == 0) {
                assertEquals("pool " + ProjectVersion.VERSION + "\n", run.out(), name + " --version");
            } else {
                assertNotEquals("", run.err().strip(), name + " --version fails saying why");
            }
        }
        for (String chartCommand : List.of("install", "upgrade", "template")) {
            var run = PoolRunner.run(chartCommand, "--version");
            assertEquals(2, run.code(), chartCommand + ": --version takes the chart VERSION");
        }
    }
}
