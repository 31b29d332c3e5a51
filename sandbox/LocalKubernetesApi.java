package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A local Kubernetes API on this machine, for tests and for people without a cluster: fabric8's CRUD
 * mock underneath, with server-side apply (field ownership, conflicts), discovery, CRDs, set-based
 * selectors, status and scale subresources, defaults, garbage collection, HTTP watches and pod
 * port-forward (fabric8 and kubectl) added; see sandbox/README.md for what it does and what is
 * simplified. Plain HTTP, no authentication. Namespaces default, kube-system, kube-public and
 * kube-node-lease exist from the start, as do the InferencePool and InferenceObjective CRDs.
 */
public final class LocalKubernetesApi implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalKubernetesApi.class.getName());

    private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    private final MockWebServer server;
    private final ApiDispatcher dispatcher;
    private final String url;
    private final Logger mockLog;
    private KubernetesClient client;
    private boolean closed;

    private LocalKubernetesApi(MockWebServer server, ApiDispatcher dispatcher, String url, Logger mockLog) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.url = url;
        this.mockLog = mockLog;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static LocalKubernetesApi start() {
        return start("127.0.0.1", 0);
    }

    /** Starts on the given address and port (0: any free port). */
    public static LocalKubernetesApi start(String address, int port) {
        InetAddress inet;
        try {
            inet = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown address \"" + address + "\": give an IP address such as"
                    + " 127.0.0.1", e);
        }
        String noKubectlPortForward = PortForwarding.acceptKubectlSubprotocol();
        if (noKubectlPortForward != null) {
            LOG.warning("kubectl port-forward will fail against this local API (fabric8 clients are unaffected): "
                    + noKubectlPortForward + ". The fabric8 mockwebserver version changed; see sandbox/PortForwarding.java");
        }
        ApiDispatcher dispatcher = new ApiDispatcher();
        MockWebServer server = new MockWebServer();
        Logger mockLog = quietMockServerLog();
        server.setDispatcher(dispatcher);
        server.start(inet, port);
        String host = inet.getHostAddress().contains(":") ? "[" + inet.getHostAddress() + "]" : inet.getHostAddress();
        LocalKubernetesApi api = new LocalKubernetesApi(server, dispatcher, "http://" + host + ":" + server.getPort(), mockLog);
        for (String namespace : INITIAL_NAMESPACES) {
            ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", namespace);
            dispatcher.seed(ResourceCatalog.NAMESPACES, ns);
        }
        for (ObjectNode crd : InferenceCrds.all()) {
            dispatcher.seed(ResourceCatalog.CRDS, crd);
        }
        return api;
    }

    /**
     * The mock logs every request at INFO. Its logger is the JVM's (java.util.logging): a level
     * someone else set is left alone; otherwise it becomes WARNING, and each API holds the logger
     * while it runs so the level is not lost with a collected logger.
     */
    private static Logger quietMockServerLog() {
        Logger mockLog = Logger.getLogger(MockWebServer.class.getName());
        synchronized (LocalKubernetesApi.class) {
            if (mockLog.getLevel() == null) {
                mockLog.setLevel(Level.WARNING);
            }
        }
        return mockLog;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:6443}. */
    public String url() {
        return url;
    }

    /** A fabric8 client for this API, namespace "default"; closed by {@link #close()}. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                    .withTrustCerts(true).build();
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    /** Writes a kubeconfig (one cluster, context namespace "default") and returns its path. */
    public Path writeKubeconfig(Path file) {
        return Kubeconfig.write(file, url);
    }

    /**
     * Makes port-forward to {@code podPort} of the pod reach {@code target}. The pod itself must exist
     * when a client forwards, as on a real cluster.
     */
    public void mapPodPort(String namespace, String podName, int podPort, InetSocketAddress target) {
        dispatcher.mapPodPort(namespace, podName, podPort, target);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
