package kube;

import java.net.InetAddress;

/** Forwards a local port to a pod's port (kubectl port-forward). */
public interface PortForwarder {
    /** Starts listening on address:localPort (0: any free port); closing the result stops it. */
    Forward open(String namespace, String pod, int podPort, InetAddress address, int localPort);

    /** A running forward. */
    interface Forward extends AutoCloseable {
        int localPort();

        /** Whether a connection failed since the forward started. */
        boolean failed();

        @Override
        void close();
    }
}
