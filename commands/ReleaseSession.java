package commands;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Clock;
import kube.Cluster;
import kube.Fabric8PortForwarder;
import kube.PortForwarder;
import kube.Fabric8Cluster;
import release.HolderIdentity;
import release.InferencePoolReleaseChart;
import release.ReleaseContext;
import release.ReleaseStore;
import release.SecretReleaseStore;

/** What a release command works with for one run: the action context and a port forwarder; closes the client. */
public final class ReleaseSession implements AutoCloseable {
    /**
     * Opens a session for the given connection flags: {@link #openCluster} for the CLI; tests give
     * another to {@link PoolCommand#commandLine(Opener)} to run commands without a cluster.
     */
    @FunctionalInterface
    public interface Opener {
        ReleaseSession open(KubeOptions kube, PrintWriter err);
    }

    private final ReleaseContext context;
    private final PortForwarder forwarder;
    private final AutoCloseable resources;
    private final String server;

    public ReleaseSession(ReleaseContext context, PortForwarder forwarder, AutoCloseable resources) {
        this(context, forwarder, resources, null);
    }

    public ReleaseSession(ReleaseContext context, PortForwarder forwarder, AutoCloseable resources, String server) {
        this.context = context;
        this.forwarder = forwarder;
        this.resources = resources;
        this.server = server;
    }

    /** The API server's URL, for messages; null when there is none (tests). */
    public String server() {
        return server;
    }

    public ReleaseContext context() {
        return context;
    }

    public PortForwarder forwarder() {
        return forwarder;
    }

    /** The real thing: fabric8 client from the kubeconfig, Secret storage, server-side apply, the inferencepool chart. */
    static ReleaseSession openCluster(KubeOptions kube, PrintWriter err) {
        checkDriver(System.getenv("HELM_DRIVER"));
        var connection = kube.connection();
        var config = connection.config();
        KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
        ReleaseStore store = new SecretReleaseStore(client, config.getNamespace(), Clock.systemUTC());
        Cluster cluster = new Fabric8Cluster(client);
        var context = new ReleaseContext(store, cluster, new InferencePoolReleaseChart(false),
                Clock.systemUTC(), HolderIdentity.current(), line -> {
                    err.println(line);
                    err.flush();
                });
        return new ReleaseSession(context, new Fabric8PortForwarder(client), client::close, config.getMasterUrl());
    }

    /** pool stores releases in Secrets, like Helm's default driver; other drivers are refused up front. */
    static void checkDriver(String driver) {
        if (driver == null || driver.isEmpty() || driver.equals("secret") || driver.equals("secrets")) {
            return;
        }
        if (driver.matches("configmaps?|memory|sql")) {
            throw new UserError("HELM_DRIVER=" + driver + " is not supported: pool keeps releases in Secrets only (Helm's default). "
                    + "Unset HELM_DRIVER or set it to secret");
        }
        throw new UserError("unknown driver \"" + driver + "\"");
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception ignored) {
            // closing the client: nothing to report
        }
    }
}
