package sandbox.inference;

import gateway.EppTls;
import gateway.Gateway;
import gateway.GatewayConfig;
import gateway.KubernetesPoolEndpoints;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kube.Fabric8Cluster;
import release.HolderIdentity;
import release.InferencePoolReleaseChart;
import release.Install;
import release.ReleaseContext;
import release.SecretReleaseStore;
import release.Upgrade;
import release.ValuesReuse;
import sandbox.LocalKubernetesApi;
import sandbox.controllers.DeploymentController;
import sandbox.controllers.EppProcessRuntime;
import sandbox.controllers.LoopbackAddresses;
import sandbox.controllers.PodPorts;
import sandbox.controllers.ServiceProxy;
import sandbox.controllers.SimulatorRuntime;
import sim.server.SimulatorHost;
import values.Coalesce;

/**
 * The whole inference path on this machine: the local Kubernetes API, controllers that run
 * Deployments (simulated vLLM pods in this process, the EPP as child processes), a release of the
 * inference pool installed with `pool install`'s code, the EPP Service's proxy and the gateway.
 *
 * <pre>{@code
 * try (InferenceSandbox sandbox = InferenceSandbox.start(SandboxOptions.defaults().modelServers(8))) {
 *     ... POST sandbox.gatewayUrl() + "/v1/completions" ...
 *     sandbox.scale(10);
 * }
 * }</pre>
 */
public final class InferenceSandbox implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final SandboxOptions options;
    private final Path workDir;
    private final boolean ownWorkDir;
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private LocalKubernetesApi api;
    private Path kubeconfig;
    private KubernetesClient client;
    private SimulatorHost simulators;
    private DeploymentController controller;
    private EppProcessRuntime eppRuntime;
    private InstalledPool pool;
    private String modelServerDeployment;
    private String eppDeployment;
    private ServiceProxy eppService;
    private Gateway gateway;
    private final List<ProcessHandle> childProcesses = new ArrayList<>();
    private boolean closed;
    private final long startedNanos = System.nanoTime();

    private InferenceSandbox(SandboxOptions options, Path workDir, boolean ownWorkDir) {
        this.options = options;
        this.workDir = workDir;
        this.ownWorkDir = ownWorkDir;
    }

    /** Brings everything up and returns once the model servers and the EPP are ready and the gateway listens. */
    public static InferenceSandbox start(SandboxOptions options) throws Exception {
        options.validate();
        boolean own = options.workDir() == null;
        Path workDir = own ? Files.createTempDirectory("pool-sandbox-") : Files.createDirectories(options.workDir());
        InferenceSandbox sandbox = new InferenceSandbox(options, workDir, own);
        try {
            sandbox.bringUp();
            return sandbox;
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
    }

    private void bringUp() throws Exception {
        String ns = options.namespace();
        api = LocalKubernetesApi.start("127.0.0.1", options.apiPort());
        closeInReverse.add(api);
        kubeconfig = api.writeKubeconfig(options.kubeconfig() != null ? options.kubeconfig() : workDir.resolve("kubeconfig"))
                .toAbsolutePath();
        client = api.client();
        progress("local Kubernetes API on " + api.url());
        if (client.namespaces().withName(ns).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        simulators = SimulatorHost.create();
        closeInReverse.add(simulators);
        PodPorts podPorts = new PodPorts();
        eppRuntime = new EppProcessRuntime(client, kubeconfig, workDir, podPorts, options.eppLaunch());
        closeInReverse.add(eppRuntime);
        controller = new DeploymentController(client, ns, List.of(new SimulatorRuntime(simulators, options.simulator()), eppRuntime),
                new LoopbackAddresses(), podPorts, options.log()).start();
        closeInReverse.add(() -> {
            childProcesses.addAll(controller.processes());
            controller.close();
        });

        install();
        progress("release " + options.releaseName() + " installed");
        pool = InstalledPool.read(client, ns, options.releaseName());
        eppDeployment = pool.eppService();
        modelServerDeployment = createModelServers();
        awaitReady(modelServerDeployment, options.modelServers());
        progress(options.modelServers() + " model servers ready");
        // With leader election only the leader is ready (the others' readiness probe fails), so one ready pod is enough.
        Waits.until(READY_TIMEOUT, () -> !readyPods(eppDeployment).isEmpty(),
                () -> "no EPP pod of " + replicas(eppDeployment) + " is ready (EPP logs: " + workDir.resolve("logs") + ")");
        progress("EPP ready");

        eppService = ServiceProxy.start(client, ns, pool.eppService(), pool.eppPort(), podPorts);
        closeInReverse.add(eppService);
        KubernetesPoolEndpoints endpoints = KubernetesPoolEndpoints.forPool(client, ns, pool.name());
        closeInReverse.add(endpoints);
        gateway = Gateway.start(GatewayConfig.builder()
                .host("127.0.0.1").port(options.gatewayPort())
                .router(options.router())
                .epp(eppService.address()).eppTls(eppTls())
                .failureMode(pool.failureMode())
                .endpoints(endpoints)
                .build());
        closeInReverse.add(gateway);
        Waits.until(READY_TIMEOUT, () -> endpoints.ready().size() >= options.modelServers(),
                () -> "the gateway sees " + endpoints.ready().size() + " of " + options.modelServers() + " model servers");
    }

    private void progress(String what) {
        options.log().printf("[%5.1fs] %s%n", (System.nanoTime() - startedNanos) / 1e9, what);
    }

    private void install() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("inferencePool", new LinkedHashMap<>(Map.of("modelServers",
                new LinkedHashMap<>(Map.of("matchLabels", new LinkedHashMap<>(Map.of("app", SandboxOptions.DEFAULT_RELEASE)))))));
        if (options.eppConfig() != null) {
            defaults.put("inferenceExtension", new LinkedHashMap<>(Map.of(
                    "pluginsConfigFile", "sandbox-plugins.yaml",
                    "pluginsCustomConfig", new LinkedHashMap<>(Map.of("sandbox-plugins.yaml", options.eppConfig())))));
        }
        Map<String, Object> values = Coalesce.coalesceTables(deepCopy(options.values()), defaults, new ArrayList<>());
        new Install(releaseContext()).run(Install.Options.of(options.releaseName(), values));
    }

    /** What `pool install/upgrade` work with, against the local API. */
    private ReleaseContext releaseContext() {
        return new ReleaseContext(new SecretReleaseStore(client, options.namespace(), Clock.systemUTC()),
                new Fabric8Cluster(client), new InferencePoolReleaseChart(false), Clock.systemUTC(), HolderIdentity.current(),
                line -> options.log().println(line));
    }

    /**
     * `pool upgrade NAME --reuse-values` with these values (e.g. {@code inferenceExtension.replicas: 2}),
     * then waits until every EPP pod runs the new pod template and one of them is ready (a changed
     * template recreates the EPP pods, as the chart's Recreate strategy does).
     */
    public void upgrade(Map<String, Object> values) {
        new Upgrade(releaseContext()).run(Upgrade.Options.builder(options.releaseName()).values(values).valuesGiven(true)
                .reuse(ValuesReuse.REUSE).build());
        Waits.until(READY_TIMEOUT, () -> {
            Deployment d = client.apps().deployments().inNamespace(options.namespace()).withName(eppDeployment).get();
            var status = d.getStatus();
            int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            return status != null && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
                    && Objects.equals(status.getUpdatedReplicas(), wanted) && Objects.equals(status.getReplicas(), wanted)
                    && !readyPods(eppDeployment).isEmpty();
        }, () -> "EPP deployment " + eppDeployment + " not rolled out: " + client.apps().deployments()
                .inNamespace(options.namespace()).withName(eppDeployment).get().getStatus());
    }

    /** The EPP pods, ready or not. */
    public List<String> allEppPods() {
        return podsOf(eppDeployment).stream().map(p -> p.getMetadata().getName()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    /** The model-server Deployment, named as in the upstream guides (its `app` label) and labelled with the pool's selector. */
    private String createModelServers() {
        String name = pool.selector().getOrDefault("app", pool.name() + "-model-server");
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(options.namespace()).withLabels(pool.selector()).endMetadata()
                .withNewSpec()
                .withReplicas(options.modelServers())
                .withNewSelector().withMatchLabels(pool.selector()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(pool.selector()).endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("vllm")
                .withImage("vllm/vllm-openai:latest")
                .withArgs("--model", options.simulator().model, "--port", String.valueOf(pool.targetPort()))
                .addNewPort().withName("http").withContainerPort(pool.targetPort()).endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        client.apps().deployments().inNamespace(options.namespace()).resource(deployment).create();
        return name;
    }

    private int replicas(String deployment) {
        Deployment d = client.apps().deployments().inNamespace(options.namespace()).withName(deployment).get();
        return d == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private void awaitReady(String deployment, int wanted) {
        Waits.until(READY_TIMEOUT, () -> readyPods(deployment).size() == wanted && podsOf(deployment).size() == wanted
                        && statusSaysReady(deployment, wanted),
                () -> "deployment " + deployment + " has " + readyPods(deployment).size() + " of " + wanted + " pods ready");
    }

    /** The Deployment's status (what `pool status` and `kubectl` show) has caught up with its pods. */
    private boolean statusSaysReady(String deployment, int wanted) {
        Deployment d = client.apps().deployments().inNamespace(options.namespace()).withName(deployment).get();
        var status = d == null ? null : d.getStatus();
        return status != null && Objects.equals(status.getReadyReplicas(), wanted) && Objects.equals(status.getReplicas(), wanted)
                && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration());
    }

    private List<Pod> podsOf(String deployment) {
        return client.pods().inNamespace(options.namespace()).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences() != null
                        && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> deployment.equals(o.getName())))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    private List<String> readyPods(String deployment) {
        return podsOf(deployment).stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .map(p -> p.getMetadata().getName())
                .toList();
    }

    private EppTls eppTls() {
        Deployment epp = client.apps().deployments().inNamespace(options.namespace()).withName(eppDeployment).get();
        List<String> args = epp.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        boolean plaintext = args != null && (args.contains("--secure-serving=false") || args.contains("-secure-serving=false"));
        return plaintext ? EppTls.PLAINTEXT : EppTls.INSECURE;
    }

    /** {@code http://127.0.0.1:PORT}: the gateway, where completions go. */
    public String gatewayUrl() {
        return gateway.url();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The local API's URL. */
    public String apiUrl() {
        return api.url();
    }

    /** A client of the local API (namespace {@code default}); closed with the sandbox. */
    public KubernetesClient client() {
        return client;
    }

    /** The host of every simulated model server (by pod name). */
    public SimulatorHost simulators() {
        return simulators;
    }

    public String releaseName() {
        return options.releaseName();
    }

    public String namespace() {
        return options.namespace();
    }

    public String modelServerDeployment() {
        return modelServerDeployment;
    }

    public String eppDeployment() {
        return eppDeployment;
    }

    /** The ready model-server pods' names, sorted. */
    public List<String> modelServerPods() {
        return readyPods(modelServerDeployment);
    }

    /**
     * Each ready model-server pod's {@code ip:port} by pod name, e.g. to read its counters from
     * {@code http://ip:port/metrics} (vLLM's metric names).
     */
    public Map<String, String> modelServerEndpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (String name : modelServerPods()) {
            Pod pod = client.pods().inNamespace(options.namespace()).withName(name).get();
            if (pod != null && pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
                endpoints.put(name, pod.getStatus().getPodIP() + ":" + pool.targetPort());
            }
        }
        return endpoints;
    }

    /** The ready EPP pods' names (with leader election: the leader only). */
    public List<String> eppPods() {
        return readyPods(eppDeployment);
    }

    /** The EPP pod the gateway's ext_proc connections go to now, or null. */
    public String eppTarget() {
        ServiceProxy.Target target = eppService.target();
        return target == null ? null : target.podName();
    }

    /** Scales the model-server Deployment and waits until exactly {@code replicas} pods are ready. */
    public void scale(int replicas) {
        client.apps().deployments().inNamespace(options.namespace()).withName(modelServerDeployment).scale(replicas);
        awaitReady(modelServerDeployment, replicas);
    }

    /** Deletes a pod, as `kubectl delete pod` does (its Deployment's controller replaces it); does not wait. */
    public void deletePod(String name) {
        client.pods().inNamespace(options.namespace()).withName(name).delete();
    }

    /** Where an EPP pod's output goes. */
    public Path eppLog(String podName) {
        return eppRuntime.logOf(podName);
    }

    /** The child processes started so far that still run (the EPPs). */
    public List<ProcessHandle> childProcesses() {
        List<ProcessHandle> all = new ArrayList<>(childProcesses);
        if (controller != null && !closed) {
            all.addAll(controller.processes());
        }
        return all.stream().filter(ProcessHandle::isAlive).distinct().toList();
    }

    /** Stops everything it started, child processes included (each waited for), and deletes its temporary folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                options.log().println("sandbox: stopping: " + e.getMessage());
            }
        }
        if (ownWorkDir) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
