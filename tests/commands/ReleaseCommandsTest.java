package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import release.FakeCluster;
import release.HolderIdentity;
import release.MemoryReleaseStore;
import testing.ManualClock;
import release.ReleaseContext;
import release.TestChart;

/** The release commands' output, streams and exit codes, on a memory store and a fake cluster. */
class ReleaseCommandsTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:46:26Z"));
    final MemoryReleaseStore store = new MemoryReleaseStore("serving", clock);
    final FakeCluster cluster = new FakeCluster();
    /** Sessions on the memory store (in the namespace -n names) and the fake cluster. */
    final ReleaseSession.Opener fakes = (kube, err) -> new ReleaseSession(
            new ReleaseContext(kube.namespace == null ? store : store.inNamespace(kube.namespace), cluster, new TestChart(), clock,
                    HolderIdentity.current(), line -> err.println(line)),
            null, () -> {});

    record Run(int code, String out, String err) {}

    Run pool(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = PoolCommand.commandLine(fakes).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void installPrintsHelmsStatusBlockAndNotes() {
        var r = pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("NAME: pool-1\nLAST DEPLOYED: Fri Nov 27 10:46:26 2026\nNAMESPACE: serving\nSTATUS: deployed\n"
                + "REVISION: 1\nDESCRIPTION: Install complete\n"), r.out());
        assertTrue(r.out().contains("TEST SUITE: None\nNOTES:\nInferencePool pool-1 deployed."), r.out());
        assertEquals("", r.err());
    }

    @Test
    void lifecycleThroughTheCommandLine() {
        assertEquals(0, pool("install", "pool-1", "--set", "matchLabels.app=vllm").code());
        var up = pool("upgrade", "pool-1", "--set", "matchLabels.app=vllm,replicas=2");
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().startsWith("Release \"pool-1\" has been upgraded. Happy Helming!\nNAME: pool-1\n"), up.out());
        var history = pool("history", "pool-1");
        assertTrue(history.out().contains("superseded") && history.out().contains("Upgrade complete"), history.out());
        assertEquals(0, pool("rollback", "pool-1", "1").code());
        var values = pool("get", "values", "pool-1", "-o", "json");
        assertEquals("{\"matchLabels\":{\"app\":\"vllm\"}}\n", values.out());
        var list = pool("list", "-q");
        assertEquals("pool-1\n", list.out());
        var un = pool("uninstall", "pool-1");
        assertEquals("release \"pool-1\" uninstalled\n", un.out());
        assertTrue(cluster.objects.isEmpty());
        assertEquals(1, pool("status", "pool-1").code());
    }

    @Test
    void historyTableHasHelmsColumns() {
        pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        var lines = pool("history", "pool-1").out().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("REVISION\\s*\tUPDATED\\s*\tSTATUS\\s*\tCHART\\s*\tAPP VERSION\\s*\tDESCRIPTION"), lines.get(0));
        assertTrue(lines.get(1).matches("1\\s*\tFri Nov 27 10:46:26 2026\tdeployed\\s*\ttestchart-0.1.0\t1.0\\s*\tInstall complete"), lines.get(1));
    }

    @Test
    void listJsonUsesHelmsKeys() {
        pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        var r = pool("list", "-o", "json");
        assertEquals("[{\"name\":\"pool-1\",\"namespace\":\"serving\",\"revision\":\"1\",\"updated\":\"2026-11-27 10:46:26 +0000 UTC\","
                + "\"status\":\"deployed\",\"chart\":\"testchart-0.1.0\",\"app_version\":\"1.0\"}]\n", r.out());
        assertEquals("[]\n", pool("list", "-o", "json", "-n", "elsewhere").out());
    }

    @Test
    void badValuesListEveryProblemOnStderrExitOneAndWriteNothing() {
        var r = pool("install", "pool-1", "--set", "replicas=0");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Error: 2 problems found; nothing was changed:\n  - matchLabels: is required"), r.err());
        assertTrue(r.err().contains("\n  - replicas: 0 is not an integer >= 1"), r.err());
        assertTrue(store.history("pool-1").isEmpty());
        assertTrue(cluster.applied.isEmpty());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, pool("install").code());
        var bogus = pool("status", "pool-1", "-o", "bogus");
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("invalid format type \"bogus\""), bogus.err());
        assertEquals(2, pool("uninstall", "pool-1", "--cascade", "bad").code());
        assertEquals(2, pool("rollback", "pool-1", "x").code());
        assertEquals(2, pool("install", "pool-1", "--dry-run=bogus", "--set", "matchLabels.app=v").code());
    }

    @Test
    void missingReleaseIsOneLineOnStderr() {
        var r = pool("status", "nope");
        assertEquals(1, r.code());
        assertEquals("Error: release: not found (no release \"nope\" in namespace serving)\n", r.err());
        assertEquals(0, pool("uninstall", "nope", "--ignore-not-found").code());
    }

    @Test
    void dryRunPrintsTheManifestAndWritesNothing() {
        var r = pool("install", "pool-1", "--set", "matchLabels.app=vllm", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DESCRIPTION: Dry run complete") && r.out().contains("MANIFEST:\n---\n# Source: testchart/"), r.out());
        assertTrue(store.history("pool-1").isEmpty());
        assertFalse(r.out().contains("INFERENCE POOL"));
    }

    @Test
    void statusShowsTheInferencePool() {
        pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        var r = pool("status", "pool-1");
        assertTrue(r.out().contains("INFERENCE POOL:\n  InferencePool: pool-1 (selector app=vllm)\n"), r.out());
        assertTrue(r.out().contains("  Endpoint picker: Deployment pool-1-epp 0/1 ready\n"), r.out());
        assertTrue(r.out().contains("  Model servers: 0/0 pods ready\n"), r.out());
        assertTrue(r.out().contains("  Jaeger: off\n"), r.out());
    }

    @Test
    void onlyTheSecretDriverIsAccepted() {
        ReleaseSession.checkDriver(null);
        ReleaseSession.checkDriver("secrets");
        var configmap = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ReleaseSession.checkDriver("configmap"));
        assertTrue(configmap.getMessage().contains("pool keeps releases in Secrets only"), configmap.getMessage());
        var unknown = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ReleaseSession.checkDriver("etcd"));
        assertEquals("unknown driver \"etcd\"", unknown.getMessage());
    }

    @Test
    void uninstallDryRunChangesNothing() {
        pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        var r = pool("uninstall", "pool-1", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertEquals("release \"pool-1\" uninstalled\n", r.out());
        assertEquals(1, store.history("pool-1").size());
        assertFalse(cluster.objects.isEmpty());
        assertEquals(1, pool("uninstall", "nope", "--dry-run").code());
    }

    @Test
    void portForwardJaegerFailsClearlyWhenJaegerIsOff() {
        pool("install", "pool-1", "--set", "matchLabels.app=vllm");
        var r = pool("port-forward-jaeger", "pool-1");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Error: release \"pool-1\" has Jaeger off"), r.err());
        assertEquals(2, pool("port-forward-jaeger", "pool-1", "--local-port", "70000").code());
    }
}
