package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import release.PendingLock;
import release.ReleaseJson;
import release.ReleaseStatus;
import release.SecretReleaseStore;

/**
 * The command a failure suggests works the first time (issue 8 item 8), and an --atomic run whose
 * rollback fails too says so and where the release stands.
 */
class RecoveryHintsTest {
    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";
    static final Pattern SUGGESTED = Pattern.compile("`pool ([^`]+)`");

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

    /** Runs the command the message suggests, with the values flags it says to add. */
    static PoolRunner.Run follow(String ns, String message, String... valuesFlags) {
        var m = SUGGESTED.matcher(message);
        assertTrue(m.find(), "no command suggested: " + message);
        var args = new ArrayList<>(List.of(m.group(1).split(" ")));
        args.addAll(List.of(valuesFlags));
        return pool.pool(ns, args.toArray(String[]::new));
    }

    @Test
    void afterAKilledInstallInstallSuggestsTheCommandThatRepairsIt() {
        String ns = "killed";
        pool.createNamespace(ns);
        var dry = pool.pool(ns, "install", "pool-1", "--set", MATCH, "--dry-run=server", "-o", "json");
        assertEquals(0, dry.code(), dry.err());
        // what a CI runner killed mid-install leaves: revision 1 pending-install, its holder gone
        var started = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        new SecretReleaseStore(pool.client, ns, Clock.systemUTC()).create(
                ReleaseJson.read(dry.out().strip(), java.util.Map.of()).withStatus(ReleaseStatus.PENDING_INSTALL, "Initial install underway"),
                new PendingLock("pool@ci-runner-that-died:4242", started, started.plusMinutes(5)));

        var again = pool.pool(ns, "install", "pool-1", "--set", MATCH);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("`pool upgrade --install pool-1`"), again.err());
        var followed = follow(ns, again.err(), "--set", MATCH);
        assertEquals(0, followed.code(), followed.err());
        assertTrue(pool.contents(ns).contains("Deployment/pool-1-epp"));
    }

    @Test
    void aDeployedReleaseIsUpgradedAndAFailedOneInstalledAgain() {
        String ns = "hints";
        assertEquals(0, pool.pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        var taken = pool.pool(ns, "install", "pool-1", "--set", MATCH);
        assertEquals(1, taken.code());
        assertTrue(taken.err().contains("`pool upgrade pool-1`"), taken.err());
        assertEquals(0, follow(ns, taken.err(), "--set", MATCH).code());

        var missing = pool.pool(ns, "upgrade", "pool-2", "--set", MATCH);
        assertEquals(1, missing.code());
        var followed = follow(ns, missing.err(), "--set", MATCH);
        assertEquals(0, followed.code(), followed.err());
    }

    @Test
    void anAtomicUpgradeWhoseRollbackFailsSaysSoAndWhereTheReleaseStands() {
        String ns = "atomic";
        // revision 1 uses the v1alpha2 InferencePool, whose CRD is then removed: a rollback to it cannot apply
        assertEquals(0, pool.pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace",
                "--set", "inferencePool.apiVersion=inference.networking.x-k8s.io/v1alpha2").code());
        pool.client.apiextensions().v1().customResourceDefinitions().withName("inferencepools.inference.networking.x-k8s.io").delete();
        // the upgrade applies, then its wait fails: no controller ever makes the EPP ready here
        var upgrade = pool.pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferencePool.apiVersion=inference.networking.k8s.io/v1",
                "--atomic", "--timeout", "1s");
        assertEquals(1, upgrade.code(), upgrade.err());
        String error = upgrade.err().lines().filter(l -> l.startsWith("Error: ")).findFirst().orElseThrow();
        assertTrue(error.startsWith("Error: release pool-1 failed: ") && error.contains("the rollback to revision 1 that "
                + "rollback-on-failure ran failed too: "), error);
        assertTrue(error.contains("Release pool-1 is now at revision 2 (failed), revision 1 deployed."), error);
        assertTrue(error.endsWith("Retry with `pool rollback pool-1 1`"), error);
    }
}
