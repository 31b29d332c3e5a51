package kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** {@link PortForwarder} over the API server's pods/portforward WebSocket, via fabric8. */
public final class Fabric8PortForwarder implements PortForwarder {
    private final KubernetesClient client;

    public Fabric8PortForwarder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Forward open(String namespace, String pod, int podPort, InetAddress address, int localPort) {
        if (localPort != 0) {
            ensureFree(address, localPort);
        }
        LocalPortForward forward;
        try {
            forward = client.pods().inNamespace(namespace).withName(pod).portForward(podPort, address, localPort);
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(client).describe("forward a port to pod " + namespace + "/" + pod, e);
        }
        return new Forward() {
            @Override
            public int localPort() {
                return forward.getLocalPort();
            }

            @Override
            public boolean failed() {
                return forward.errorOccurred();
            }

            @Override
            public void close() {
                try {
                    forward.close();
                } catch (IOException ignored) {
                    // closing a listener: nothing left to do
                }
            }
        };
    }

    private static void ensureFree(InetAddress address, int port) {
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new ClusterException("local port " + address.getHostAddress() + ":" + port
                    + " is already in use; pick another with --local-port", e);
        } catch (IOException e) {
            throw new ClusterException("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
