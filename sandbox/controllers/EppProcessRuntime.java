package sandbox.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs EPP pods (a container whose image is named {@code epp}) as child processes of pool's own
 * EPP, with exactly the container's arguments and environment, its ConfigMap volumes written to a
 * folder (mount paths in the arguments mapped there), {@code --kubeconfig} for the local API, and
 * host ports of its own for the EPP's three ports. Readiness follows the container's gRPC readiness
 * probe; a process that exits is started again, as the kubelet restarts a container.
 */
public final class EppProcessRuntime implements PodRuntime, AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Path workDir;
    private final PodPorts podPorts;
    private final EppLaunch launch;
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "sandbox-epp-probes");
        t.setDaemon(true);
        return t;
    });

    public EppProcessRuntime(KubernetesClient client, Path kubeconfig, Path workDir, PodPorts podPorts, EppLaunch launch) {
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
        this.podPorts = podPorts;
        this.launch = launch;
    }

    @Override
    public boolean runs(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.size() == 1 && "epp".equals(imageName(containers.get(0).getImage()));
    }

    /** {@code epp} for {@code registry/path/epp:tag} or {@code ...epp@sha256:...}. */
    static String imageName(String image) {
        if (image == null) {
            return "";
        }
        String name = image.substring(image.lastIndexOf('/') + 1);
        int at = name.indexOf('@');
        name = at >= 0 ? name.substring(0, at) : name;
        int colon = name.indexOf(':');
        return (colon >= 0 ? name.substring(0, colon) : name).toLowerCase(Locale.ROOT);
    }

    @Override
    public PodInstance start(Pod pod, String podIp, ReadinessListener readiness) throws IOException {
        Container container = pod.getSpec().getContainers().get(0);
        String name = pod.getMetadata().getName();
        Path podDir = workDir.resolve("pods").resolve(name);
        Files.createDirectories(podDir);
        ConfigMapVolumes volumes = ConfigMapVolumes.write(client, pod, container, podDir);
        List<String> args = new ArrayList<>();
        for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
            args.add(volumes.mapPath(arg));
        }
        EppPortFlags.Mapped ports = EppPortFlags.map(args, EppProcessRuntime::freePort);
        ports.hostPortByContainerPort().forEach((containerPort, host) ->
                podPorts.map(podIp, containerPort, new InetSocketAddress(HOST, host)));
        List<String> command = new ArrayList<>();
        command.add(launch.java());
        command.addAll(launch.jvmOptions());
        command.add("-cp");
        command.add(launch.classpath());
        command.add(launch.mainClass());
        command.addAll(ports.args());
        command.add("--kubeconfig=" + kubeconfig.toAbsolutePath());
        Map<String, String> env = ContainerEnvironment.of(client, pod, podIp, container.getEnv());
        Path log = workDir.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        GrpcHealthProbe probe = readinessProbe(container.getReadinessProbe(), ports);
        long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : pod.getSpec().getTerminationGracePeriodSeconds();
        EppProcess process = new EppProcess(name, command, env, log, probe, readiness, grace);
        process.start(probes);
        return process;
    }

    private static GrpcHealthProbe readinessProbe(Probe probe, EppPortFlags.Mapped ports) {
        if (probe == null || probe.getGrpc() == null) {
            return null;
        }
        Integer host = ports.hostPortByContainerPort().get(probe.getGrpc().getPort());
        return new GrpcHealthProbe(HOST, host != null ? host : probe.getGrpc().getPort(), probe.getGrpc().getService());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** Where the EPP pod's output goes (stdout and stderr), as `kubectl logs` would show it. */
    public Path logOf(String podName) {
        return workDir.resolve("logs").resolve(podName + ".log");
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
