package launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The JBang catalog route (`jbang pool@<catalog>`, `epp@`, `sandbox@`) through this clone's
 * jbang-catalog.json and its `./jbang`, as a user of the catalog runs it. Slow: each entry is built
 * by JBang the first time.
 */
class CatalogRouteTest {
    private static final String CATALOG = RepoJBang.REPO.toString();

    @Test
    void poolRendersThroughTheCatalog() throws Exception {
        var help = RepoJBang.run("--quiet", "pool@" + CATALOG, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: pool"), help::toString);

        var template = RepoJBang.run("--quiet", "pool@" + CATALOG, "template", "catalog",
                "--set", "inferencePool.modelServers.matchLabels.app=catalog", "--show-only", "InferencePool/catalog");
        assertEquals(0, template.exitCode(), template::toString);
        assertTrue(template.out().contains("kind: InferencePool") && template.out().contains("app: catalog"), template::toString);
    }

    @Test
    void eppAndSandboxStartThroughTheCatalog() throws Exception {
        var epp = RepoJBang.run("--quiet", "epp@" + CATALOG, "--help");
        assertEquals(0, epp.exitCode(), epp::toString);
        assertTrue(epp.out().contains("--pool-name"), epp::toString);

        var sandbox = RepoJBang.run("--quiet", "sandbox@" + CATALOG, "api", "--help");
        assertEquals(0, sandbox.exitCode(), sandbox::toString);
        assertTrue(sandbox.out().contains("--kubeconfig"), sandbox::toString);
    }
}
