package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API server would refuse stops install, upgrade and rollback before their first write,
 * every problem listed at once (issue 8 item 4): names and sizes are checked locally, everything
 * else by a server-side dry run of every object.
 */
class NothingHalfAppliedTest {
    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";

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

    @Test
    void aReleaseNameWithADotIsRefusedBeforeAnyObjectIsWritten() {
        String ns = "dotted";
        pool.createNamespace(ns);
        var install = pool.pool(ns, "install", "my.pool", "--set", MATCH);
        assertEquals(1, install.code(), install.err());
        assertTrue(install.err().contains("nothing was changed"), install.err());
        assertTrue(install.err().contains("Service \"my.pool-epp\" in namespace \"dotted\": a Service name must be a DNS-1035 label")
                && install.err().contains("the chart derives it from the release name \"my.pool\""), install.err());
        assertEquals(List.of(), pool.contents(ns), "nothing written");

        var dryRun = pool.pool(ns, "install", "my.pool", "--set", MATCH, "--dry-run=server");
        assertEquals(1, dryRun.code(), "--dry-run=server refuses what install would: " + dryRun.out());
        assertTrue(dryRun.err().contains("DNS-1035"), dryRun.err());
    }

    @Test
    void anObjectTooLargeForTheApiServerIsRefusedBeforeAnyObjectIsWritten() throws Exception {
        String ns = "huge";
        pool.createNamespace(ns);
        var values = new StringBuilder("inferenceExtension:\n  env:\n");
        for (int i = 0; i < 90_000; i++) {
            values.append("  - name: VARIABLE_").append(i).append("\n    value: \"value-of-variable-").append(i).append("\"\n");
        }
        Path file = Files.writeString(dir.resolve("huge-values.yaml"), values);
        var install = pool.pool(ns, "install", "pool-1", "--set", MATCH, "-f", file.toString());
        assertEquals(1, install.code(), install.err());
        assertTrue(install.err().contains("Deployment \"pool-1-epp\" in namespace \"huge\" is ")
                && install.err().contains("etcdserver: request is too large"), install.err());
        assertEquals(List.of(), pool.contents(ns), "nothing written");
    }

    @Test
    void whatOnlyTheServerRefusesIsFoundByADryRunAndEveryProblemIsListed() {
        String ns = "conflicts";
        assertEquals(0, pool.pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        // kubectl takes the EPP's replicas and its plugin configuration: the next upgrade would conflict on both
        var edit = new DeploymentBuilder().withNewMetadata().withName("pool-1-epp").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(5).endSpec().build();
        pool.client.apps().deployments().inNamespace(ns).resource(edit).fieldManager("kubectl").forceConflicts().serverSideApply();
        var config = pool.client.configMaps().inNamespace(ns).withName("pool-1-epp").get();
        String file = config.getData().keySet().iterator().next();
        var configEdit = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("pool-1-epp")
                .withNamespace(ns).endMetadata().addToData(file, "edited by hand").build();
        pool.client.configMaps().inNamespace(ns).resource(configEdit).fieldManager("kubectl").forceConflicts().serverSideApply();
        var before = pool.contents(ns);

        var upgrade = pool.pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=2");
        assertEquals(1, upgrade.code(), upgrade.err());
        assertTrue(upgrade.err().contains("2 problems found; nothing was changed"), upgrade.err());
        assertTrue(upgrade.err().contains("server-side dry run: ") && upgrade.err().contains("Deployment \"pool-1-epp\"")
                && upgrade.err().contains("ConfigMap \"pool-1-epp\""), upgrade.err());
        assertEquals(before, pool.contents(ns), "no revision 2 recorded, no object changed");
        assertEquals(5, pool.client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get().getSpec().getReplicas());
    }

    @Test
    void dryRunServerIsTheServerSideDryRunReported() {
        String ns = "dry";
        pool.createNamespace(ns);
        var dryRun = pool.pool(ns, "install", "pool-1", "--set", MATCH, "--dry-run=server");
        assertEquals(0, dryRun.code(), dryRun.err());
        assertTrue(dryRun.err().matches("(?s).*Server-side dry run: the API server accepted (\\d+) of \\1 objects; nothing was written\\..*"),
                dryRun.err());
        assertEquals(List.of(), pool.contents(ns));
    }
}
