package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import release.HolderIdentity;
import release.PendingLock;
import release.Release;
import release.ReleaseCodec;
import release.ReleaseStatus;
import release.SecretReleaseStore;
import sandbox.LocalKubernetesApi;

/**
 * The release lifecycle through the `pool` command line against the project's local Kubernetes
 * API (server-side apply, conflicts, discovery, port-forward): what a person or CI script does.
 */
class ClusterLifecycleTest {
    static LocalKubernetesApi api;
    static KubernetesClient client;
    static Path kubeconfig;

    @TempDir
    static Path dir;

    static final String MATCH = "inferencePool.modelServers.matchLabels.app=vllm";

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void startApi() throws Exception {
        api = LocalKubernetesApi.start();
        client = api.client();
        kubeconfig = dir.resolve("kubeconfig");
        api.writeKubeconfig(kubeconfig);
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    static Run pool(String namespace, String... args) {
        return pool(ReleaseSession::openCluster, namespace, args);
    }

    static Run pool(ReleaseSession.Opener opener, String namespace, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", namespace));
        var out = new StringWriter();
        var err = new StringWriter();
        int code = PoolCommand.commandLine(opener).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> records(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", name).list().getItems().stream()
                .map(s -> s.getMetadata().getLabels().get("version") + ":" + s.getMetadata().getLabels().get("status"))
                .sorted().toList();
    }

    static boolean exists(String namespace, String kind, String name) {
        return switch (kind) {
            case "Deployment" -> client.apps().deployments().inNamespace(namespace).withName(name).get() != null;
            case "Role" -> client.rbac().roles().inNamespace(namespace).withName(name).get() != null;
            case "ConfigMap" -> client.configMaps().inNamespace(namespace).withName(name).get() != null;
            case "InferencePool" -> client.genericKubernetesResources("inference.networking.k8s.io/v1", "InferencePool")
                    .inNamespace(namespace).withName(name).get() != null;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Test
    void installStatusUpgradeHistoryRollbackUninstall() {
        String ns = "lifecycle";
        var install = pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace");
        assertEquals(0, install.code(), install.err());
        assertTrue(install.out().contains("STATUS: deployed\nREVISION: 1\nDESCRIPTION: Install complete\n"), install.out());
        assertTrue(install.out().contains("NOTES:\nInferencePool pool-1 deployed."), install.out());
        assertEquals(List.of("1:deployed"), records(ns, "pool-1"));
        var deployment = client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get();
        assertEquals("Helm", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("pool-1", deployment.getMetadata().getAnnotations().get("meta.helm.sh/release-name"));
        assertTrue(deployment.getMetadata().getManagedFields().stream()
                .anyMatch(f -> f.getManager().equals("helm") && f.getOperation().equals("Apply")), "applied by field manager helm");
        assertTrue(exists(ns, "InferencePool", "pool-1"));

        readyPod(ns, "vllm-0", Map.of("app", "vllm"));
        var status = pool(ns, "status", "pool-1");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("STATUS: deployed") && status.out().contains("Endpoint picker: Deployment pool-1-epp 0/1 ready"),
                status.out());
        assertTrue(status.out().contains("Model servers: 1/1 pods ready"), status.out());

        var upgrade = pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=2");
        assertEquals(0, upgrade.code(), upgrade.err());
        assertTrue(upgrade.out().startsWith("Release \"pool-1\" has been upgraded. Happy Helming!\n"), upgrade.out());
        assertEquals(2, client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get().getSpec().getReplicas());
        assertTrue(exists(ns, "Role", "pool-1-epp-leader-election"), "replicas > 1 adds leader election RBAC");

        var history = pool(ns, "history", "pool-1");
        assertEquals(3, history.out().lines().count(), history.out());
        assertTrue(history.out().contains("superseded") && history.out().contains("Upgrade complete"), history.out());

        var rollback = pool(ns, "rollback", "pool-1", "1");
        assertEquals(0, rollback.code(), rollback.err());
        assertEquals("Rollback was a success! Happy Helming!\n", rollback.out());
        assertEquals(List.of("1:superseded", "2:superseded", "3:deployed"), records(ns, "pool-1"));
        assertEquals(1, client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get().getSpec().getReplicas());
        assertFalse(exists(ns, "Role", "pool-1-epp-leader-election"), "objects revision 1 did not have are deleted");

        var values = pool(ns, "get", "values", "pool-1", "-o", "json");
        assertEquals("{\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}\n", values.out());

        var uninstall = pool(ns, "uninstall", "pool-1");
        assertEquals(0, uninstall.code(), uninstall.err());
        assertEquals("release \"pool-1\" uninstalled\n", uninstall.out());
        assertEquals(List.of(), records(ns, "pool-1"));
        assertFalse(exists(ns, "Deployment", "pool-1-epp"));
        assertFalse(exists(ns, "InferencePool", "pool-1"));
        assertNull(client.rbac().clusterRoles().withName("pool-1-lifecycle-epp").get());
    }

    @Test
    void badInputWritesNothing() {
        String ns = "bad-input";
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .serverSideApply();
        var noLabels = pool(ns, "install", "pool-1");
        assertEquals(1, noLabels.code());
        assertEquals("", noLabels.out());
        assertTrue(noLabels.err().contains("matchLabels"), noLabels.err());
        var badName = pool(ns, "install", "Pool_1", "--set", MATCH);
        assertEquals(1, badName.code());
        assertTrue(badName.err().contains("invalid release name"), badName.err());
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("pool-1-epp").endMetadata().build()).create();
        var taken = pool(ns, "install", "pool-1", "--set", MATCH);
        assertEquals(1, taken.code());
        assertTrue(taken.err().contains("ConfigMap \"pool-1-epp\" in namespace \"bad-input\" exists and cannot be imported"), taken.err());
        assertTrue(client.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems().isEmpty());
        assertFalse(exists(ns, "Deployment", "pool-1-epp"));
        var missingNs = pool("no-such-ns", "install", "pool-1", "--set", MATCH);
        assertEquals(1, missingNs.code());
        assertTrue(missingNs.err().contains("--create-namespace"), missingNs.err());
    }

    @Test
    void missingInferencePoolCrdIsReportedWithTheCommandThatInstallsIt() throws Exception {
        try (var bare = LocalKubernetesApi.start()) {
            bare.client().apiextensions().v1().customResourceDefinitions().withName("inferencepools.inference.networking.k8s.io").delete();
            Path config = bare.writeKubeconfig(dir.resolve("bare-kubeconfig"));
            var err = new StringWriter();
            int code = PoolCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                    .execute("install", "pool-1", "--set", MATCH, "--kubeconfig", config.toString(), "-n", "default");
            assertEquals(1, code);
            assertTrue(err.toString().contains("no CustomResourceDefinition inferencepools.inference.networking.k8s.io")
                    && err.toString().contains("kubectl apply -f https://github.com/kubernetes-sigs/gateway-api-inference-extension"),
                    err.toString());
            assertTrue(bare.client().secrets().inNamespace("default").withLabel("owner", "helm").list().getItems().isEmpty());
            assertNull(bare.client().apps().deployments().inNamespace("default").withName("pool-1-epp").get());
        }
    }

    @Test
    void twoRacingUpgradesExactlyOneWins() throws Exception {
        String ns = "race";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        // Each upgrade's session holds its first history read until both have read: the race is certain, not left to timing.
        var bothRead = new CyclicBarrier(2);
        ReleaseSession.Opener racing = (kube, err) -> {
            var real = ReleaseSession.openCluster(kube, err);
            var ctx = real.context();
            var store = new release.RendezvousStore(ctx.store(), bothRead);
            store.armed = true;
            return new ReleaseSession(new release.ReleaseContext(store, ctx.cluster(), ctx.chart(), ctx.clock(), ctx.holder(),
                    ctx.progress()), real.forwarder(), real, real.server());
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            var results = new ArrayList<CompletableFuture<Run>>();
            for (String replicas : List.of("2", "3")) {
                results.add(CompletableFuture.supplyAsync(() -> pool(racing, ns, "upgrade", "pool-1", "--reuse-values", "--set",
                        "inferenceExtension.replicas=" + replicas), threads));
            }
            var runs = new ArrayList<Run>();
            for (var f : results) {
                runs.add(f.get(120, TimeUnit.SECONDS));
            }
            long won = runs.stream().filter(r -> r.code() == 0).count();
            assertEquals(1, won, runs.toString());
            var lost = runs.stream().filter(r -> r.code() != 0).findFirst().orElseThrow();
            assertTrue(lost.err().contains("another operation"), lost.err());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of("1:superseded", "2:deployed"), records(ns, "pool-1"));
    }

    @Test
    void pendingRevisionWhoseHolderDiedIsTakenOver() throws Exception {
        String ns = "takeover";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        var store = new SecretReleaseStore(client, ns, Clock.systemUTC());
        Release deployed = store.history("pool-1").get(0).release();
        var dead = new ProcessBuilder("true").start();
        dead.waitFor();
        var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        store.create(deployed.withVersion(2).withStatus(ReleaseStatus.PENDING_UPGRADE, "Preparing upgrade"),
                new PendingLock(new HolderIdentity(HolderIdentity.current().host(), dead.pid()).id(), now, now.plusHours(1)));
        var upgrade = pool(ns, "upgrade", "pool-1", "--reuse-values");
        assertEquals(0, upgrade.code(), upgrade.err());
        assertTrue(upgrade.err().contains("Revision 2 of pool-1 was pending-upgrade but its holder"), upgrade.err());
        assertEquals(List.of("1:superseded", "2:failed", "3:deployed"), records(ns, "pool-1"));
    }

    @Test
    void interruptedInstallIsRepairedByUpgradeInstall() throws Exception {
        String ns = "repair";
        var dry = pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace", "--dry-run=server", "-o", "json");
        assertEquals(0, dry.code(), dry.err());
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .serverSideApply();
        var store = new SecretReleaseStore(client, ns, Clock.systemUTC());
        Release stuck = release.ReleaseJson.read(releaseJson(dry.out()), Map.of())
                .withStatus(ReleaseStatus.PENDING_INSTALL, "Initial install underway");
        var started = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1);
        store.create(stuck, new PendingLock("pool@ci-runner-that-died:4242", started, started.plusMinutes(5)));
        var plain = pool(ns, "upgrade", "pool-1", "--set", MATCH);
        assertEquals(1, plain.code());
        assertTrue(plain.err().contains("upgrade --install"), plain.err());
        var repaired = pool(ns, "upgrade", "--install", "pool-1", "--set", MATCH);
        assertEquals(0, repaired.code(), repaired.err());
        assertEquals(List.of("1:failed", "2:deployed"), records(ns, "pool-1"));
        assertTrue(exists(ns, "Deployment", "pool-1-epp"));
    }

    /** `install -o json` prints the release tree; its JSON re-read as a record. */
    static String releaseJson(String out) {
        return out.strip();
    }

    @Test
    void helmWrittenRecordIsReadUpgradedAndRolledBack() throws Exception {
        String ns = "serving";
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .serverSideApply();
        Secret helm;
        try (var in = new FileInputStream("tests/release/helm-release-v1-secret.yaml")) {
            helm = client.getKubernetesSerialization().unmarshal(in, Secret.class);
        }
        client.secrets().inNamespace(ns).resource(helm).create();
        String name = "vllm-llama3-8b-instruct";

        var list = pool(ns, "list");
        assertTrue(list.out().contains(name) && list.out().contains("inferencepool-0.0.0"), list.out());
        assertTrue(pool(ns, "status", name).out().contains("DESCRIPTION: Install complete"));
        assertTrue(pool(ns, "history", name).out().contains("Install complete"));
        var values = pool(ns, "get", "values", name, "-o", "json");
        assertEquals("{\"inferenceExtension\":{\"replicas\":2},\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm-llama3-8b-instruct\"}}}}\n",
                values.out());

        var upgrade = pool(ns, "upgrade", name, "--reuse-values", "--set", "inferenceExtension.replicas=3");
        assertEquals(0, upgrade.code(), upgrade.err());
        assertEquals(3, client.apps().deployments().inNamespace(ns).withName(name + "-epp").get().getSpec().getReplicas());
        var rollback = pool(ns, "rollback", name, "1");
        assertEquals(0, rollback.code(), rollback.err());
        assertEquals(List.of("1:superseded", "2:superseded", "3:deployed"), records(ns, name));
        assertEquals(2, client.apps().deployments().inNamespace(ns).withName(name + "-epp").get().getSpec().getReplicas());
        var store = new SecretReleaseStore(client, ns, Clock.systemUTC());
        assertEquals(ReleaseCodec.decode(new String(java.util.Base64.getDecoder().decode(helm.getData().get("release")),
                StandardCharsets.US_ASCII), Map.of()).manifest(), store.history(name).get(2).release().manifest());
    }

    @Test
    void conflictsNameTheOtherManagerAndForceConflictsTakesOver() {
        String ns = "conflict";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        var deployment = client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get();
        var edit = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("pool-1-epp").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(5).endSpec().build();
        client.apps().deployments().inNamespace(ns).resource(edit).fieldManager("kubectl").forceConflicts().serverSideApply();
        var upgrade = pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=2");
        assertEquals(1, upgrade.code());
        assertTrue(upgrade.err().contains("kubectl") && upgrade.err().contains("--force-conflicts"), upgrade.err());
        var forced = pool(ns, "upgrade", "pool-1", "--reuse-values", "--set", "inferenceExtension.replicas=2", "--force-conflicts");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(2, client.apps().deployments().inNamespace(ns).withName("pool-1-epp").get().getSpec().getReplicas());
        assertNotNull(deployment);
    }

    @Test
    void upgradeAfterAHelm3ClientSideApplyTakesOverItsFieldsAndDropsWhatTheChartNoLongerSets() {
        String ns = "helm3";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        // What a Helm 3 upgrade leaves: a revision without apply_method, and fields set by manager helm with operation Update.
        var store = new SecretReleaseStore(client, ns, Clock.systemUTC());
        var stored = store.history("pool-1").get(0);
        var r = stored.release();
        store.update(stored, new Release(r.name(), r.namespace(), r.version(), r.info(), r.chart(), r.config(), r.manifest(), r.hooks(),
                null, r.labels()), null);
        client.configMaps().inNamespace(ns).withName("pool-1-epp").patch(
                new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                        .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE).withFieldManager("helm").build(),
                "{\"metadata\":{\"labels\":{\"set-by-helm3\":\"yes\"}}}");
        assertTrue(managers(ns).contains("helm/Update"), managers(ns).toString());

        var upgrade = pool(ns, "upgrade", "pool-1", "--reuse-values");
        assertEquals(0, upgrade.code(), upgrade.err());
        var cm = client.configMaps().inNamespace(ns).withName("pool-1-epp").get();
        assertFalse(managers(ns).contains("helm/Update"), managers(ns).toString());
        assertNull(cm.getMetadata().getLabels() == null ? null : cm.getMetadata().getLabels().get("set-by-helm3"),
                "a field only Helm 3 set, no longer in the chart, is gone after the first SSA");
    }

    static List<String> managers(String ns) {
        return client.configMaps().inNamespace(ns).withName("pool-1-epp").get().getMetadata().getManagedFields().stream()
                .map(f -> f.getManager() + "/" + f.getOperation()).toList();
    }

    @Test
    void recordsAreReadableByKubectl() throws Exception {
        String ns = "kubectl";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on PATH");
        var kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "-n", ns, "get", "secrets", "-l", "owner=helm",
                "-o", "jsonpath={range .items[*]}{.metadata.name} {.type} {.metadata.labels.status}{\"\\n\"}{end}")
                .redirectErrorStream(true).start();
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), out);
        assertEquals("sh.helm.release.v1.pool-1.v1 helm.sh/release.v1 deployed\n", out);
    }

    @Test
    void recordsAreReadableByHelmWhenInstalled() throws Exception {
        String ns = "helm";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--create-namespace").code());
        Assumptions.assumeTrue(onPath("helm"), "no helm binary on PATH (.ci/run fetches one)");
        var home = Files.createDirectories(dir.resolve("helm-home"));
        var helm = new ProcessBuilder("helm", "--kubeconfig", kubeconfig.toString(), "-n", ns, "get", "values", "pool-1", "-o", "json")
                .redirectErrorStream(true);
        helm.environment().put("HOME", home.toString());
        var p = helm.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("{\"inferencePool\":{\"modelServers\":{\"matchLabels\":{\"app\":\"vllm\"}}}}", out.strip());
    }

    static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void portForwardJaegerReachesTheQueryPod() throws Exception {
        String ns = "jaeger";
        assertEquals(0, pool(ns, "install", "pool-1", "--set", MATCH, "--set", "jaeger.enabled=true", "--create-namespace").code());
        var service = client.services().inNamespace(ns).withName("pool-1-jaeger-query").get();
        readyPod(ns, "jaeger-0", service.getSpec().getSelector());

        HttpServer ui = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ui.createContext("/", exchange -> {
            byte[] body = "jaeger-ui".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ui.start();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            api.mapPodPort(ns, "jaeger-0", 16686, ui.getAddress());
            var url = new CompletableFuture<String>();
            var out = new LineWatcher(url);
            var err = new StringWriter();
            var run = thread.submit(() -> PoolCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("port-forward-jaeger", "pool-1", "--local-port", "0", "--kubeconfig", kubeconfig.toString(), "-n", ns));
            String address = url.get(60, TimeUnit.SECONDS);
            var response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(HttpRequest.newBuilder(URI.create(address + "/")).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals("jaeger-ui", response.body());
            PortForwardJaegerCommand.stop.countDown();
            assertEquals(0, run.get(30, TimeUnit.SECONDS), err.toString());
        } finally {
            thread.shutdownNow();
            ui.stop(0);
        }
    }

    /** A Running, Ready pod, as the kubelet would report it (the local API runs no controllers). */
    static void readyPod(String ns, String name, Map<String, String> labels) {
        var pod = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("image").endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
        client.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    /** Completes with the first `http://` line written. */
    static final class LineWatcher extends Writer {
        private final StringBuilder buffer = new StringBuilder();
        private final CompletableFuture<String> url;

        LineWatcher(CompletableFuture<String> url) {
            this.url = url;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
            int nl;
            while ((nl = buffer.indexOf("\n")) >= 0) {
                String line = buffer.substring(0, nl).strip();
                buffer.delete(0, nl + 1);
                if (line.startsWith("http://")) {
                    url.complete(line);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
