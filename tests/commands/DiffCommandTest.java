package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.LocalKubernetesApi;

/**
 * `pool diff upgrade|rollback` against the local Kubernetes API: server-side dry runs compared with
 * the live objects, for added, removed, changed and unchanged objects, and that nothing is written.
 */
class DiffCommandTest {
    static LocalKubernetesApi api;
    static Path kubeconfig;

    @TempDir
    static Path dir;

    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void startApi() {
        api = LocalKubernetesApi.start();
        kubeconfig = dir.resolve("kubeconfig");
        api.writeKubeconfig(kubeconfig);
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    static Run pool(String namespace, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", namespace));
        var out = new StringWriter();
        var err = new StringWriter();
        int code = PoolCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static void install(String namespace, String name, String... values) {
        var args = new ArrayList<>(List.of("install", name, "--create-namespace", "--set", MATCH));
        for (String v : values) {
            args.addAll(List.of("--set", v));
        }
        var run = pool(namespace, args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
    }

    String resourceVersionOf(String namespace, String deployment) {
        return api.client().apps().deployments().inNamespace(namespace).withName(deployment).get().getMetadata().getResourceVersion();
    }

    @Test
    void sameValuesShowNothingAndExitZeroEvenWithDetailedExitcode() {
        install("diff-same", "same");
        var run = pool("diff-same", "diff", "upgrade", "same", "--reuse-values", "--detailed-exitcode", "--no-color");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out(), "unchanged objects print nothing");
    }

    @Test
    void changedObjectIsAUnifiedDiffOfItsYamlAndNothingIsWritten() {
        install("diff-changed", "changed");
        String before = resourceVersionOf("diff-changed", "changed-epp");
        var run = pool("diff-changed", "diff", "upgrade", "changed", "--set", MATCH, "--set", "inferenceExtension.replicas=3",
                "--detailed-exitcode", "--no-color");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.out().contains("diff-changed, changed-epp, Deployment (apps) has changed:\n"), run.out());
        assertTrue(run.out().contains("diff-changed, changed-epp-leader-election, Role (rbac.authorization.k8s.io) has been added:\n"),
                "more than one replica adds leader election: " + run.out());
        assertTrue(run.out().contains("--- live/Deployment/changed-epp\n+++ upgrade/Deployment/changed-epp\n@@ "), run.out());
        assertTrue(run.out().contains("\n-  replicas: 1\n+  replicas: 3\n"), run.out());
        assertEquals(1, run.out().split("has changed:").length - 1, "only the Deployment changed: " + run.out());
        for (String serverField : List.of("managedFields", "resourceVersion", "uid:", "creationTimestamp", "generation", "status:")) {
            assertFalse(run.out().contains(serverField), serverField + " is stripped: " + run.out());
        }
        assertEquals(before, resourceVersionOf("diff-changed", "changed-epp"), "a dry run writes nothing");
        assertEquals(1, api.client().apps().deployments().inNamespace("diff-changed").withName("changed-epp").get().getSpec().getReplicas());
        assertEquals(0, pool("diff-changed", "diff", "upgrade", "changed", "--set", MATCH, "--set", "inferenceExtension.replicas=3",
                "--no-color").code(), "changes without --detailed-exitcode exit 0");
    }

    @Test
    void addedAndRemovedObjectsAreWholeObjectDiffs() {
        install("diff-jaeger", "tr", "inferenceExtension.tracing.enabled=true", "jaeger.enabled=true");
        var removed = pool("diff-jaeger", "diff", "upgrade", "tr", "--reset-values", "--set", MATCH, "--no-color");
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().contains("diff-jaeger, tr-jaeger, Deployment (apps) has been removed:\n--- live/Deployment/tr-jaeger\n+++ upgrade/Deployment/tr-jaeger\n"),
                removed.out());
        assertTrue(removed.out().contains("\n-kind: Deployment\n"), removed.out());
        assertTrue(removed.out().contains("diff-jaeger, tr-jaeger-collector, Service (core) has been removed:"), removed.out());

        install("diff-added", "plain");
        var added = pool("diff-added", "diff", "upgrade", "plain", "--reuse-values", "--set", "inferenceExtension.tracing.enabled=true",
                "--set", "jaeger.enabled=true", "--no-color");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains("diff-added, plain-jaeger, Deployment (apps) has been added:\n"), added.out());
        assertTrue(added.out().contains("\n+kind: Deployment\n"), added.out());
        assertTrue(added.out().contains("+    meta.helm.sh/release-name: plain\n"), "objects carry Helm's markers as applied: " + added.out());
        assertTrue(added.out().contains("diff-added, plain-epp, Deployment (apps) has changed:"), "the EPP gets tracing flags: " + added.out());
    }

    @Test
    void rollbackDiffShowsTheWayBack() {
        install("diff-rollback", "rb");
        assertEquals(0, pool("diff-rollback", "upgrade", "rb", "--reuse-values", "--set", "inferenceExtension.replicas=2").code());
        var run = pool("diff-rollback", "diff", "rollback", "rb", "1", "--detailed-exitcode", "--no-color");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.out().contains("\n-  replicas: 2\n+  replicas: 1\n"), run.out());
        var missing = pool("diff-rollback", "diff", "rollback", "rb", "9");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("release has no 9 version"), missing.err());
    }

    @Test
    void coloursOnlyWhenAskedForOffATerminal() {
        install("diff-colour", "col");
        var run = pool("diff-colour", "diff", "upgrade", "col", "--reuse-values", "--set", "inferenceExtension.replicas=2", "--color");
        assertTrue(run.out().contains("\u001b[31m-  replicas: 1\u001b[0m\n\u001b[32m+  replicas: 2\u001b[0m"), run.out());
        var plain = pool("diff-colour", "diff", "upgrade", "col", "--reuse-values", "--set", "inferenceExtension.replicas=2");
        assertFalse(plain.out().contains("\u001b["), "no colours when stdout is not a terminal: " + plain.out());
    }

    @Test
    void unknownReleaseAndBadUsage() {
        var missing = pool("diff-none", "diff", "upgrade", "nope", "--set", MATCH);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("release: not found"), missing.err());
        assertEquals(2, pool("diff-none", "diff").code(), "a subcommand is required");
        assertEquals(2, pool("diff-none", "diff", "rollback", "x", "one").code());
    }
}
