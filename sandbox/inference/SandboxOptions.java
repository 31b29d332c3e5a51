package sandbox.inference;

import gateway.RouterKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import sandbox.controllers.EppLaunch;
import sim.engine.SimOptions;

/**
 * What {@link InferenceSandbox#start(SandboxOptions)} brings up. Defaults: the upstream README's
 * first install example (release {@code vllm-llama3-8b-instruct}, pods labelled
 * {@code app=vllm-llama3-8b-instruct}) in {@code default}, 4 simulated vLLM pods with the
 * simulator's defaults, the gateway on any free port routing through the EPP.
 */
public final class SandboxOptions {
    public static final String DEFAULT_RELEASE = "vllm-llama3-8b-instruct";

    private String releaseName = DEFAULT_RELEASE;
    private String namespace = "default";
    private int modelServers = 4;
    private SimOptions simulator = new SimOptions();
    private Map<String, Object> values = new LinkedHashMap<>();
    private String eppConfig;
    private int gatewayPort = 0;
    private RouterKind router = RouterKind.EPP;
    private int apiPort = 0;
    private Path workDir;
    private Path kubeconfig;
    private EppLaunch eppLaunch;
    private PrintStream log = System.err;
    private PrecisePrefixCache precisePrefixCache;

    public static SandboxOptions defaults() {
        return new SandboxOptions();
    }

    /** Release name (also the InferencePool's). */
    public SandboxOptions releaseName(String releaseName) {
        this.releaseName = Objects.requireNonNull(releaseName);
        return this;
    }

    public SandboxOptions namespace(String namespace) {
        this.namespace = Objects.requireNonNull(namespace);
        return this;
    }

    /** Model-server pods (replicas of the model-server Deployment), 0 or more. */
    public SandboxOptions modelServers(int modelServers) {
        if (modelServers < 0) {
            throw new IllegalArgumentException("model servers " + modelServers + " must be 0 or more");
        }
        this.modelServers = modelServers;
        return this;
    }

    /** Settings of every simulated model server (validated when the sandbox starts). */
    public SandboxOptions simulator(SimOptions simulator) {
        this.simulator = Objects.requireNonNull(simulator);
        return this;
    }

    /** User values of the release, as `-f`/`--set` give them, merged over the sandbox's default `matchLabels`. */
    public SandboxOptions values(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
        return this;
    }

    /**
     * An EndpointPickerConfig (YAML) for the EPP: added to the chart's ConfigMap as
     * {@code sandbox-plugins.yaml} ({@code inferenceExtension.pluginsCustomConfig}) and selected with
     * {@code inferenceExtension.pluginsConfigFile}; null keeps the chart's default profile.
     */
    public SandboxOptions eppConfig(String eppConfig) {
        this.eppConfig = eppConfig;
        return this;
    }

    /** Gateway port on 127.0.0.1; 0 picks a free one. */
    public SandboxOptions gatewayPort(int gatewayPort) {
        this.gatewayPort = gatewayPort;
        return this;
    }

    /** How the gateway routes: through the EPP (the product), or round-robin / random for comparison. */
    public SandboxOptions router(RouterKind router) {
        this.router = Objects.requireNonNull(router);
        return this;
    }

    /** Port of the local Kubernetes API on 127.0.0.1; 0 picks a free one. */
    public SandboxOptions apiPort(int apiPort) {
        this.apiPort = apiPort;
        return this;
    }

    /** Where pods' files and logs go; null: a temporary folder, deleted by {@link InferenceSandbox#close()}. */
    public SandboxOptions workDir(Path workDir) {
        this.workDir = workDir;
        return this;
    }

    /** Where the kubeconfig is written; null: {@code kubeconfig} in the work folder. */
    public SandboxOptions kubeconfig(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
        return this;
    }

    /** How EPP pods are started; null: this JVM's java and classpath. */
    public SandboxOptions eppLaunch(EppLaunch eppLaunch) {
        this.eppLaunch = eppLaunch;
        return this;
    }

    /**
     * Precise prefix-cache routing: the simulators tokenize with {@code tokenizer} (a tokenizer.json),
     * hash as vLLM's sha256_cbor with seed 42 and publish KV events on 5557 (replay 5558) of their pod
     * address; the EPP runs {@code precise-prefix-cache-scorer} subscribed to them (with the queue and
     * KV-cache scorers), unless {@link #eppConfig(String)} gives another config. Null turns it off.
     */
    public SandboxOptions precisePrefixCache(Path tokenizer) {
        this.precisePrefixCache = tokenizer == null ? null : new PrecisePrefixCache(tokenizer);
        return this;
    }

    /** Where progress and problems are written. */
    public SandboxOptions log(PrintStream log) {
        this.log = Objects.requireNonNull(log);
        return this;
    }

    public String releaseName() {
        return releaseName;
    }

    public String namespace() {
        return namespace;
    }

    public int modelServers() {
        return modelServers;
    }

    /** The simulators' settings: as given, with the KV-event and hashing settings of precise prefix-cache routing when on. */
    public SimOptions simulator() {
        return precisePrefixCache == null ? simulator : precisePrefixCache.simulator(simulator);
    }

    /** The tokenizer of precise prefix-cache routing; null when off. */
    public Path precisePrefixCache() {
        return precisePrefixCache == null ? null : precisePrefixCache.tokenizer();
    }

    void validate() {
        if (precisePrefixCache != null) {
            precisePrefixCache.validate();
        }
        simulator().validate();
    }

    public Map<String, Object> values() {
        return values;
    }

    public String eppConfig() {
        return eppConfig == null && precisePrefixCache != null ? precisePrefixCache.eppConfig(simulator()) : eppConfig;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public RouterKind router() {
        return router;
    }

    public int apiPort() {
        return apiPort;
    }

    public Path workDir() {
        return workDir;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public EppLaunch eppLaunch() {
        return eppLaunch != null ? eppLaunch : EppLaunch.fromThisJvm();
    }

    public PrintStream log() {
        return log;
    }
}
