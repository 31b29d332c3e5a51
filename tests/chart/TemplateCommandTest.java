package chart;

import static chart.TemplateConformanceTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** `pool template` as a user meets it: exit codes, stdout and stderr. */
class TemplateCommandTest {
    private static final String LABELS = "inferencePool.modelServers.matchLabels.app=m";

    @Test
    void printsTheManifestStreamAndNothingElse() {
        var result = run(List.of("template", "p", "--set", LABELS));
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("---\n# Source: inferencepool/templates/rbac.yaml\n"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void theGkeMetricsReaderServiceAccountCarriesNoLabelsAsTheReferences() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set", "provider.name=gke",
                "--set", "inferenceExtension.monitoring.prometheus.enabled=true", "--show-only", "ServiceAccount/p-metrics-reader-sa"));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                ---
                # Source: inferencepool/templates/gke.yaml
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: p-metrics-reader-sa
                  namespace: default
                """, result.out());
    }

    @Test
    void namespaceDefaultsToDefaultAndFollowsDashN() {
        assertTrue(run(List.of("template", "p", "--set", LABELS)).out().contains("namespace: default\n"));
        var result = run(List.of("template", "p", "-n", "team-a", "--set", LABELS));
        assertTrue(result.out().contains("namespace: team-a\n"));
        assertFalse(result.out().contains("namespace: default\n"));
    }

    @Test
    void badValuesPrintEveryProblemOnStderrAndNothingOnStdout() {
        var result = run(List.of("template", "Bad_Name", "--set", "provider.name=aws", "--set", "inferenceExtension.replicas=0"));
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("Error: 4 problems, nothing was rendered:"), result.err());
        for (String path : List.of("release name", "provider.name", "inferenceExtension.replicas",
                "inferencePool.modelServers.matchLabels")) {
            assertTrue(result.err().contains("  - " + path), path + " missing in " + result.err());
        }
    }

    @Test
    void aBadNamespaceIsAProblemToo() {
        var result = run(List.of("template", "p", "-n", "Team_A", "--set", LABELS));
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("namespace = \"Team_A\": must be a DNS label"), result.err());
    }

    @Test
    void unknownKeysWarnOnStderrAndStillRender() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set", "inferenceExtention.replicas=2"));
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("level=WARN msg=\"inferenceExtention: unknown value: the chart does not use it; did you mean inferenceExtension?\""),
                result.err());
        assertFalse(result.out().isEmpty());
    }

    @Test
    void strictRefusesUnknownKeys() {
        var result = run(List.of("template", "p", "--strict", "--set", LABELS, "--set", "inferenceExtention.replicas=2"));
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().contains("did you mean inferenceExtension?"), result.err());
    }

    @Test
    void showOnlyPrintsTheNamedObjects() {
        var result = run(List.of("template", "p", "--set", LABELS, "--show-only", "Deployment/p-epp", "-s", "InferencePool/p"));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(2, ObjectsByMeaning.documents(result.out()).size());
        assertTrue(result.out().contains("kind: Deployment\n") && result.out().contains("kind: InferencePool\n"));
        var missing = run(List.of("template", "p", "--set", LABELS, "--show-only", "Deployment/other"));
        assertEquals(1, missing.exitCode());
        assertEquals("", missing.out());
        assertTrue(missing.err().contains("Deployment/other matches no rendered object"), missing.err());
    }

    @Test
    void badUsageExitsWith2() {
        assertEquals(2, run(List.of("template")).exitCode(), "missing NAME");
        assertEquals(2, run(List.of("template", "p", "--no-such-flag")).exitCode());
    }
}
