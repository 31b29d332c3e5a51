package release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import commands.PoolCommand;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.LocalKubernetesApi;

/**
 * pool and the real Helm v4 binary taking turns on one release, against the local Kubernetes API:
 * Helm reads pool's records, upgrades and rolls them back; pool reads, upgrades, rolls back and
 * uninstalls what Helm wrote. The charts Helm uses stand in for the upstream inferencepool chart
 * (tests/release/charts: `inferencepool-list` consumes `inferenceExtension.flags` as the chart at the
 * seed's commit does, a list of {name, value}; `inferencepool-map` as charts from v1.2 do, a map).
 */
class HelmInteropTest {
    static final String SKIP = "no helm binary on PATH (.ci/run fetches one)";
    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";
    static final Path LIST_CHART = Path.of("tests/release/charts/inferencepool-list").toAbsolutePath();
    static final Path MAP_CHART = Path.of("tests/release/charts/inferencepool-map").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    static LocalKubernetesApi api;
    static KubernetesClient client;
    static Path kubeconfig;

    @TempDir
    static Path dir;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void start() {
        if (onPath("helm")) {
            api = LocalKubernetesApi.start();
            client = api.client();
            kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        }
    }

    /** Per test, so the summary counts each one skipped and says why. */
    @BeforeEach
    void needsHelm() {
        assumeTrue(api != null, SKIP);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void helmReadsEveryRevisionPoolWrote() throws Exception {
        String ns = "helm-reads";
        ok(pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace"));
        ok(pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=2"));

        JsonNode list = ok(helm(ns, "list", "-o", "json")).json();
        assertEquals(1, list.size(), list::toString);
        assertEquals("pool-1", list.get(0).get("name").asText());
        assertEquals(ns, list.get(0).get("namespace").asText());
        assertEquals("2", list.get(0).get("revision").asText());
        assertEquals("deployed", list.get(0).get("status").asText());
        String chart = list.get(0).get("chart").asText();
        assertTrue(chart.startsWith("inferencepool-"), chart);
        assertEquals(helmListAsPoolShowsIt(ns), list.get(0).get("chart").asText() + " " + list.get(0).get("app_version").asText());

        JsonNode history = ok(helm(ns, "history", "pool-1", "-o", "json")).json();
        assertEquals(2, history.size(), history::toString);
        assertEquals("superseded Install complete", history.get(0).get("status").asText() + " " + history.get(0).get("description").asText());
        assertEquals("deployed Upgrade complete", history.get(1).get("status").asText() + " " + history.get(1).get("description").asText());
        assertEquals(chart, history.get(1).get("chart").asText());

        Run status = ok(helm(ns, "status", "pool-1"));
        assertTrue(status.out().contains("NAMESPACE: " + ns + "\nSTATUS: deployed\nREVISION: 2\nDESCRIPTION: Upgrade complete\n"), status::toString);
        assertTrue(status.out().contains("==> v1/Deployment") && status.out().contains("pool-1-epp"),
                "helm status reads every object of pool's manifest back from the API: " + status);
        assertTrue(status.out().contains("NOTES:\nInferencePool pool-1 deployed."), status::toString);

        assertEquals("{\"inferenceExtension\":{\"replicas\":2},\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}",
                ok(helm(ns, "get", "values", "pool-1", "-o", "json")).out().strip());
        assertEquals("{\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}",
                ok(helm(ns, "get", "values", "pool-1", "--revision", "1", "-o", "json")).out().strip());
        JsonNode all = ok(helm(ns, "get", "values", "pool-1", "--all", "-o", "json")).json();
        assertEquals("[{\"name\":\"v\",\"value\":1}]", all.at("/inferenceExtension/flags").toString(),
                "the stored chart defaults keep the seed chart's list form of flags");
        assertEquals(2, all.at("/inferenceExtension/replicas").asInt());

        assertEquals(ok(pool(ns, "get", "manifest", "pool-1")).out(), ok(helm(ns, "get", "manifest", "pool-1")).out());
        assertEquals(ok(pool(ns, "get", "manifest", "pool-1", "--revision", "1")).out(),
                ok(helm(ns, "get", "manifest", "pool-1", "--revision", "1")).out());
    }

    @Test
    void helmUninstallsAPoolReleaseWithEveryObjectItWrote() throws Exception {
        String ns = "helm-uninstalls";
        ok(pool(ns, "install", "gone", "--set", MATCH, "--set", "inferenceExtension.replicas=2", "--create-namespace"));
        assertEquals(ok(pool(ns, "get", "values", "gone", "--all", "-o", "json")).json(),
                ok(helm(ns, "get", "values", "gone", "--all", "-o", "json")).json(), "Helm coalesces pool's stored defaults as pool does");
        JsonNode status = ok(helm(ns, "status", "gone", "-o", "json")).json();
        assertEquals("deployed", status.at("/info/status").asText(), status::toString);
        assertTrue(status.at("/info/resources").toString().contains("\"kind\":\"InferencePool\""), "helm status reads the InferencePool back");

        Run uninstall = ok(helm(ns, "uninstall", "gone"));
        assertEquals("release \"gone\" uninstalled\n", uninstall.out());
        assertEquals(List.of(), records(ns, "gone"));
        assertEquals("", ok(pool(ns, "list", "-q")).out());
        assertNull(client.apps().deployments().inNamespace(ns).withName("gone-epp").get());
        assertNull(client.rbac().roles().inNamespace(ns).withName("gone-epp-leader-election").get());
        assertNull(client.genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool").inNamespace(ns).withName("gone").get());
        assertTrue(client.rbac().clusterRoles().list().getItems().stream().noneMatch(r -> r.getMetadata().getName().startsWith("gone-")),
                "cluster-scoped objects of the manifest are deleted too");
    }

    /** `pool list`'s CHART and APP VERSION columns, as Helm prints them. */
    static String helmListAsPoolShowsIt(String ns) throws IOException {
        JsonNode row = JSON.readTree(ok(pool(ns, "list", "-o", "json")).out()).get(0);
        return row.get("chart").asText() + " " + row.get("app_version").asText();
    }

    @Test
    void helmUpgradesAndRollsBackAPoolReleaseAndPoolCarriesOn() throws Exception {
        String ns = "helm-upgrades";
        ok(pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace"));

        Run upgrade = helm(ns, "upgrade", "pool-1", LIST_CHART.toString(), "--reuse-values", "--set", "inferenceExtension.replicas=2");
        ok(upgrade);
        assertTrue(upgrade.out().startsWith("Release \"pool-1\" has been upgraded. Happy Helming!"), upgrade::toString);
        assertEquals(List.of("--pool-name", "pool-1", "--v", "1"), args(ns, "pool-1-epp"),
                "the seed chart renders the default flags pool stored, in its list form");
        assertEquals(2, replicas(ns, "pool-1-epp"));
        assertNull(client.configMaps().inNamespace(ns).withName("pool-1-epp").get(), "Helm deletes what its chart no longer renders");

        Run history = ok(pool(ns, "history", "pool-1"));
        assertEquals(3, history.out().lines().count(), history::toString);
        assertTrue(history.out().lines().skip(2).findFirst().orElseThrow().matches("2\\s.*deployed\\s+inferencepool-v0\\s+v0\\s+Upgrade complete"),
                history::toString);
        assertEquals("{\"inferenceExtension\":{\"replicas\":2},\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}\n",
                ok(pool(ns, "get", "values", "pool-1", "-o", "json")).out());

        Run poolUpgrade = ok(pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=3"));
        assertTrue(poolUpgrade.out().contains("REVISION: 3"), poolUpgrade::toString);
        assertEquals(3, replicas(ns, "pool-1-epp"));
        assertTrue(args(ns, "pool-1-epp").contains("--v=1"), args(ns, "pool-1-epp")::toString);
        assertTrue(client.configMaps().inNamespace(ns).withName("pool-1-epp").get() != null, "pool renders its whole chart again");

        Run rollback = helm(ns, "rollback", "pool-1", "2");
        ok(rollback);
        assertTrue(rollback.out().contains("Rollback was a success! Happy Helming!"), rollback::toString);
        assertEquals(2, replicas(ns, "pool-1-epp"));
        assertEquals(List.of("1:superseded", "2:superseded", "3:superseded", "4:deployed"), records(ns, "pool-1"));

        Run poolHistory = ok(pool(ns, "history", "pool-1", "-o", "json"));
        JsonNode revisions = poolHistory.json();
        assertEquals(4, revisions.size(), poolHistory::toString);
        assertEquals("Rollback to 2", revisions.get(3).get("description").asText());
        assertEquals("inferencepool-v0", revisions.get(3).get("chart").asText());

        Run poolRollback = ok(pool(ns, "rollback", "pool-1", "3"));
        assertEquals("Rollback was a success! Happy Helming!\n", poolRollback.out());
        assertEquals(3, replicas(ns, "pool-1-epp"));
        assertEquals(List.of("1:superseded", "2:superseded", "3:superseded", "4:superseded", "5:deployed"), records(ns, "pool-1"));
        JsonNode helmHistory = ok(helm(ns, "history", "pool-1", "-o", "json")).json();
        assertEquals("deployed Rollback to 3", helmHistory.get(4).get("status").asText() + " " + helmHistory.get(4).get("description").asText());

        ok(pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=1"));
        Run helmOverPool = ok(helm(ns, "upgrade", "pool-1", LIST_CHART.toString(), "--reuse-values"));
        assertEquals(List.of("--pool-name", "pool-1", "--v", "1"), args(ns, "pool-1-epp"), helmOverPool::toString);
        assertEquals(1, replicas(ns, "pool-1-epp"));
    }

    @Test
    void flagsPoolStoresAreWhatEachUpstreamChartVersionExpects() throws Exception {
        String ns = "helm-flags";
        // The seed chart's own form, given by the user: stored as given, so the seed chart reuses it.
        Path listValues = Files.writeString(dir.resolve("list-flags.yaml"), """
                inferenceExtension:
                  flags:
                  - name: v
                    value: 3
                  - name: enable-pprof
                    value: true
                """);
        ok(pool(ns, "install", "list-form", "--set", MATCH, "-f", listValues.toString(), "--create-namespace"));
        assertTrue(args(ns, "list-form-epp").containsAll(List.of("--v=3", "--enable-pprof=true")), args(ns, "list-form-epp")::toString);
        ok(helm(ns, "upgrade", "list-form", LIST_CHART.toString(), "--reuse-values"));
        assertEquals(List.of("--pool-name", "list-form", "--v", "3", "--enable-pprof", "true"), args(ns, "list-form-epp"));

        // The v1.2+ form, as its README shows it (--set inferenceExtension.flags.NAME=VALUE): stored as given.
        ok(pool(ns, "install", "map-form", "--set", MATCH, "--set", "inferenceExtension.flags.enable-pprof=true"));
        assertEquals("{\"enable-pprof\":true}",
                ok(helm(ns, "get", "values", "map-form", "-o", "json")).json().at("/inferenceExtension/flags").toString());
        ok(helm(ns, "upgrade", "map-form", MAP_CHART.toString(), "--reuse-values"));
        assertEquals(List.of("--pool-name", "map-form", "--enable-pprof", "true"), args(ns, "map-form-epp"),
                "Helm's --reuse-values takes the stored chart defaults, and the user's map replaces their list");

        // Default flags: the seed chart upgrades with --reuse-values; a v1.2+ chart takes its own defaults
        // with --reset-then-reuse-values (Helm's --reuse-values keeps the old chart's defaults by design).
        ok(pool(ns, "install", "defaults", "--set", MATCH));
        ok(helm(ns, "upgrade", "defaults", LIST_CHART.toString(), "--reuse-values"));
        assertEquals(List.of("--pool-name", "defaults", "--v", "1"), args(ns, "defaults-epp"));
        ok(helm(ns, "upgrade", "defaults", MAP_CHART.toString(), "--reset-then-reuse-values"));
        assertEquals(List.of("--pool-name", "defaults", "--v", "1"), args(ns, "defaults-epp"));
    }

    @Test
    void poolUpgradesRollsBackAndUninstallsAHelmInstalledRelease() throws Exception {
        String ns = "pool-over-helm";
        Run install = helm(ns, "install", "from-helm", LIST_CHART.toString(), "--create-namespace", "--set", MATCH,
                "--set-json", "inferenceExtension.flags=[{\"name\":\"v\",\"value\":2},{\"name\":\"enable-pprof\",\"value\":true}]");
        ok(install);
        assertEquals(List.of("--pool-name", "from-helm", "--v", "2", "--enable-pprof", "true"), args(ns, "from-helm-epp"));

        Run list = ok(pool(ns, "list"));
        assertTrue(list.out().lines().skip(1).findFirst().orElseThrow().matches("from-helm\\s+" + ns + "\\s+1\\s.*deployed\\s+inferencepool-v0\\s+v0"),
                list::toString);
        assertTrue(ok(pool(ns, "status", "from-helm")).out().contains("STATUS: deployed\nREVISION: 1\nDESCRIPTION: Install complete\n"));

        Run upgrade = ok(pool(ns, "upgrade", "from-helm", "--reuse-values", "--set", "inferenceExtension.replicas=2"));
        assertTrue(upgrade.out().contains("REVISION: 2"), upgrade::toString);
        List<String> args = args(ns, "from-helm-epp");
        assertTrue(args.containsAll(List.of("--v=2", "--enable-pprof=true", "--ha-enable-leader-election")), args::toString);
        assertEquals(2, replicas(ns, "from-helm-epp"));
        assertTrue(client.configMaps().inNamespace(ns).withName("from-helm-epp").get() != null);

        JsonNode helmHistory = ok(helm(ns, "history", "from-helm", "-o", "json")).json();
        assertEquals("superseded deployed", helmHistory.get(0).get("status").asText() + " " + helmHistory.get(1).get("status").asText());

        Run rollback = ok(pool(ns, "rollback", "from-helm", "1"));
        assertEquals("Rollback was a success! Happy Helming!\n", rollback.out());
        assertEquals(List.of("--pool-name", "from-helm", "--v", "2", "--enable-pprof", "true"), args(ns, "from-helm-epp"));
        assertNull(client.configMaps().inNamespace(ns).withName("from-helm-epp").get(), "objects Helm's revision did not have are deleted");
        assertEquals(List.of("1:superseded", "2:superseded", "3:deployed"), records(ns, "from-helm"));
        assertTrue(ok(helm(ns, "status", "from-helm")).out().contains("STATUS: deployed\nREVISION: 3\nDESCRIPTION: Rollback to 1\n"));

        Run uninstall = ok(pool(ns, "uninstall", "from-helm"));
        assertEquals("release \"from-helm\" uninstalled\n", uninstall.out());
        assertEquals(List.of(), records(ns, "from-helm"));
        assertNull(client.apps().deployments().inNamespace(ns).withName("from-helm-epp").get());
        assertEquals("[]", ok(helm(ns, "list", "-o", "json")).out().strip());
    }

    @Test
    void poolUpgradesAHelmReleaseWhoseFlagsAreAMap() throws Exception {
        String ns = "pool-over-helm-map";
        ok(helm(ns, "install", "map-flags", MAP_CHART.toString(), "--create-namespace", "--set", MATCH,
                "--set", "inferenceExtension.flags.enable-pprof=true"));
        assertEquals(List.of("--pool-name", "map-flags", "--enable-pprof", "true", "--v", "1"), args(ns, "map-flags-epp"));

        ok(pool(ns, "upgrade", "map-flags", "--reuse-values"));
        List<String> args = args(ns, "map-flags-epp");
        assertTrue(args.containsAll(List.of("--v=1", "--enable-pprof=true")), args::toString);
        assertEquals("{\"inferenceExtension\":{\"flags\":{\"enable-pprof\":true}},\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}",
                ok(helm(ns, "get", "values", "map-flags", "-o", "json")).out().strip(), "pool stores the user's values as given");
        ok(helm(ns, "upgrade", "map-flags", MAP_CHART.toString(), "--reset-then-reuse-values"));
        assertEquals(List.of("--pool-name", "map-flags", "--enable-pprof", "true", "--v", "1"), args(ns, "map-flags-epp"));
    }

    @Test
    void releaseLabelsAndUninstalledHistoryCrossBothWays() throws Exception {
        String ns = "helm-labels";
        ok(pool(ns, "install", "lab", "--set", MATCH, "--create-namespace", "--labels", "team=a"));
        JsonNode selected = ok(helm(ns, "list", "-l", "team=a", "-o", "json")).json();
        assertEquals(1, selected.size(), selected::toString);
        JsonNode metadata = ok(helm(ns, "get", "metadata", "lab", "-o", "json")).json();
        assertEquals("a", metadata.at("/labels/team").asText(), metadata::toString);
        assertEquals("ssa", metadata.get("applyMethod").asText(), metadata::toString);

        ok(helm(ns, "upgrade", "lab", LIST_CHART.toString(), "--reuse-values", "--labels", "tier=gold"));
        assertEquals("a gold", labels(ns, "lab", 2));
        assertTrue(ok(pool(ns, "list", "-l", "tier=gold")).out().contains("lab"));
        ok(pool(ns, "upgrade", "lab", "--reuse-values"));
        assertEquals("a gold", labels(ns, "lab", 3), "pool carries Helm's user labels to the next revision");

        ok(pool(ns, "uninstall", "lab", "--keep-history"));
        JsonNode listed = ok(helm(ns, "list", "-o", "json")).json();
        assertEquals("uninstalled", listed.get(0).get("status").asText(), listed::toString);
        JsonNode history = ok(helm(ns, "history", "lab", "-o", "json")).json();
        assertEquals("uninstalled Uninstallation complete", history.get(2).get("status").asText() + " " + history.get(2).get("description").asText());

        Run reinstall = ok(helm(ns, "upgrade", "--install", "lab", LIST_CHART.toString(), "--set", MATCH));
        assertTrue(reinstall.out().startsWith("Release \"lab\" does not exist. Installing it now."), reinstall::toString);
        assertEquals(List.of("1:superseded", "2:superseded", "3:superseded", "4:deployed"), records(ns, "lab"),
                "Helm's install --replace supersedes the uninstalled revision");

        ok(helm(ns, "uninstall", "lab", "--keep-history"));
        assertTrue(ok(pool(ns, "list")).out().lines().anyMatch(l -> l.startsWith("lab") && l.contains("uninstalled")));
        Run repaired = ok(pool(ns, "upgrade", "--install", "lab", "--set", MATCH));
        assertTrue(repaired.out().contains("STATUS: deployed\nREVISION: 5\n"), repaired::toString);
        assertEquals(List.of("1:superseded", "2:superseded", "3:superseded", "4:superseded", "5:deployed"), records(ns, "lab"),
                "pool's repair install supersedes the uninstalled revision as Helm's does");
        JsonNode after = ok(helm(ns, "history", "lab", "-o", "json")).json();
        assertEquals("superseded by new release", after.get(3).get("description").asText(), after::toString);
        assertTrue(ok(helm(ns, "status", "lab")).out().contains("STATUS: deployed\nREVISION: 5\n"));
    }

    @Test
    void aReleaseHelmLeftPendingIsTakenOverByPoolRollback() throws Exception {
        String ns = "helm-killed";
        ok(helm(ns, "install", "stuck", LIST_CHART.toString(), "--create-namespace", "--set", MATCH));
        // A Helm upgrade killed while it waits (the local API runs no controllers: the Deployment never becomes ready).
        Process upgrade = startHelm(ns, "upgrade", "stuck", LIST_CHART.toString(), "--reuse-values", "--set", "inferenceExtension.replicas=2",
                "--wait", "--timeout", "10m");
        try {
            assertTrue(testing.Await.until(Duration.ofSeconds(60), () -> records(ns, "stuck").contains("2:pending-upgrade")),
                    () -> records(ns, "stuck").toString());
        } finally {
            upgrade.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("1:deployed", "2:pending-upgrade"), records(ns, "stuck"));

        Run blocked = pool(ns, "upgrade", "stuck", "--reuse-values");
        assertEquals(1, blocked.code(), blocked::toString);
        assertTrue(blocked.err().contains("another operation (install/upgrade/rollback) is in progress")
                && blocked.err().contains("no holder recorded (written by Helm?)"), blocked::toString);

        Run rollback = ok(pool(ns, "rollback", "stuck"));
        assertTrue(rollback.err().contains("Revision 2 of stuck was pending-upgrade but it records no holder (written by Helm)"), rollback::toString);
        assertEquals(List.of("1:superseded", "2:failed", "3:deployed"), records(ns, "stuck"));
        JsonNode history = ok(helm(ns, "history", "stuck", "-o", "json")).json();
        assertTrue(history.get(1).get("description").asText().startsWith("Taken over by pool@"), history::toString);
        assertEquals("deployed Rollback to 1", history.get(2).get("status").asText() + " " + history.get(2).get("description").asText());
        ok(helm(ns, "upgrade", "stuck", LIST_CHART.toString(), "--reuse-values"));
    }

    @Test
    void aRevisionPoolHoldsBlocksHelmUpgradeAndHelmRollbackStillGetsOut() throws Exception {
        String ns = "pool-held";
        ok(pool(ns, "install", "held", "--set", MATCH, "--create-namespace"));
        var store = new SecretReleaseStore(client, ns, Clock.systemUTC());
        var deployed = store.history("held").get(0).release();
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        store.create(deployed.withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade"),
                new PendingLock(HolderIdentity.current().id(), now, now.plusHours(1)));

        Run upgrade = helm(ns, "upgrade", "held", LIST_CHART.toString(), "--reuse-values");
        assertEquals(1, upgrade.code(), upgrade::toString);
        assertTrue(upgrade.err().contains("another operation (install/upgrade/rollback) is in progress"), upgrade::toString);
        assertEquals(List.of("1:deployed", "2:pending-upgrade"), records(ns, "held"));

        ok(helm(ns, "rollback", "held", "1"));
        assertEquals(List.of("1:superseded", "2:pending-upgrade", "3:deployed"), records(ns, "held"),
                "Helm's rollback ignores pool's lock and leaves the pending revision as it is");
        Run poolUpgrade = ok(pool(ns, "upgrade", "held", "--reuse-values", "--set", "inferenceExtension.replicas=2"));
        assertTrue(poolUpgrade.out().contains("REVISION: 4"), poolUpgrade::toString);
        assertEquals(2, replicas(ns, "held-epp"));
    }

    static String labels(String ns, String name, int revision) {
        var labels = client.secrets().inNamespace(ns).withName("sh.helm.release.v1." + name + ".v" + revision).get().getMetadata().getLabels();
        return labels.get("team") + " " + labels.get("tier");
    }

    static Run ok(Run run) {
        assertEquals(0, run.code(), run::toString);
        return run;
    }

    static List<String> args(String ns, String deployment) {
        var d = client.apps().deployments().inNamespace(ns).withName(deployment).get();
        assertTrue(d != null, "Deployment " + deployment + " exists");
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
                .filter(a -> !List.of("--pool-namespace", ns, "--pool-group", "inference.networking.k8s.io", "--zap-encoder", "json").contains(a))
                .toList();
    }

    static int replicas(String ns, String deployment) {
        return client.apps().deployments().inNamespace(ns).withName(deployment).get().getSpec().getReplicas();
    }

    static List<String> records(String ns, String name) {
        return client.secrets().inNamespace(ns).withLabel("owner", "helm").withLabel("name", name).list().getItems().stream()
                .map(s -> s.getMetadata().getLabels().get("version") + ":" + s.getMetadata().getLabels().get("status"))
                .sorted().toList();
    }

    static Run pool(String ns, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", ns));
        var out = new StringWriter();
        var err = new StringWriter();
        int code = PoolCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** The real helm, with a private HOME (it caches discovery there) and the local API's kubeconfig. */
    static Run helm(String ns, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "helm-out", ".txt");
        Path err = Files.createTempFile(dir, "helm-err", ".txt");
        var command = helmCommand(ns, args);
        Process process = helmProcess(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s; stderr: " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** helm started in the background; the caller ends it. */
    static Process startHelm(String ns, String... args) throws IOException {
        return helmProcess(helmCommand(ns, args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static List<String> helmCommand(String ns, String... args) {
        var command = new ArrayList<>(List.of("helm"));
        command.addAll(List.of(args));
        command.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", ns));
        return command;
    }

    static ProcessBuilder helmProcess(List<String> command) throws IOException {
        var builder = new ProcessBuilder(command);
        builder.environment().put("HOME", Files.createDirectories(dir.resolve("helm-home")).toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("HELM_") || k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG"));
        return builder;
    }

    static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }
}
