package sandbox.controllers;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What kube-proxy does for one port of a Service, on a local address: each TCP connection goes to a
 * ready pod the Service selects (the first by name; for the EPP with leader election only the
 * leader is ready). When that pod changes, connections to the old one are closed, so clients
 * (the gateway's gRPC channel) reconnect to the new one.
 */
public final class ServiceProxy implements AutoCloseable {
    private final ServerSocket server;
    private final SharedIndexInformer<Pod> pods;
    private final ServicePort port;
    private final PodPorts podPorts;
    private final AtomicReference<Target> target = new AtomicReference<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The pod a connection goes to and where it really listens. */
    public record Target(String podName, InetSocketAddress address) {}

    private record Connection(Target target, Socket client, Socket upstream) {
        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private ServiceProxy(KubernetesClient client, Service service, ServicePort port, PodPorts podPorts) throws IOException {
        this.port = port;
        this.podPorts = podPorts;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Map<String, String> selector = service.getSpec().getSelector();
        this.pods = client.pods().inNamespace(service.getMetadata().getNamespace()).withLabels(selector).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                retarget();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                retarget();
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                retarget();
            }
        });
        retarget();
        Thread accept = new Thread(this::acceptLoop, "sandbox-service-proxy-" + service.getMetadata().getName());
        accept.setDaemon(true);
        accept.start();
    }

    /** Proxies {@code servicePort} of the Service {@code namespace/name}; fails when either does not exist. */
    public static ServiceProxy start(KubernetesClient client, String namespace, String name, int servicePort, PodPorts podPorts)
            throws IOException {
        Service service = client.services().inNamespace(namespace).withName(name).get();
        if (service == null) {
            throw new IllegalStateException("service " + namespace + "/" + name + " not found");
        }
        ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == servicePort).findFirst()
                .orElseThrow(() -> new IllegalStateException("service " + name + " has no port " + servicePort));
        return new ServiceProxy(client, service, port, podPorts);
    }

    /** {@code 127.0.0.1:PORT}: where clients connect. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The ready pod connections go to now, or null when none is ready. */
    public Target target() {
        return target.get();
    }

    private void retarget() {
        Target next = pods.getStore().list().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && PodStatuses.isReady(p))
                .filter(p -> p.getStatus().getPodIP() != null)
                .min(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(p -> new Target(p.getMetadata().getName(), podPorts.resolve(p.getStatus().getPodIP(), targetPort(p))))
                .orElse(null);
        Target previous = target.getAndSet(next);
        if (previous != null && !previous.equals(next)) {
            for (Connection c : List.copyOf(connections)) {
                if (c.target().equals(previous)) {
                    c.close();
                }
            }
        }
    }

    private int targetPort(Pod pod) {
        IntOrString targetPort = port.getTargetPort();
        if (targetPort == null) {
            return port.getPort();
        }
        if (targetPort.getIntVal() != null) {
            return targetPort.getIntVal();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> targetPort.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(port.getPort());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;   // closed
            }
            Target to = target.get();
            if (to == null) {
                closeQuietly(client);   // no ready endpoint: the connection is refused, as by a Service without endpoints
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(to.address(), 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Connection connection = new Connection(to, client, upstream);
            connections.add(connection);
            pump(connection, client, upstream);
            pump(connection, upstream, client);
        }
    }

    private void pump(Connection connection, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                connections.remove(connection);
                connection.close();
            }
        }, "sandbox-service-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        pods.close();
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        connections.forEach(Connection::close);
    }
}
