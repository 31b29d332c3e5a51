package sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCP side of one forwarded connection, whichever protocol carries it to the client: connects to
 * the pod port's mapped address and writes to it on one thread, in arrival order, and hands what it
 * reads to the {@link Peer} on another.
 */
final class PortForwardTarget {
    private static final int CHUNK = 16 * 1024;

    /** The protocol side: where the target's bytes, its end, and failures go. */
    interface Peer {
        /** {@code length} bytes the target sent; the buffer is reused after this returns. */
        void fromTarget(byte[] buffer, int length);

        /** The target closed its side (or reading failed). */
        void targetClosed();

        /** Connecting or writing failed; the message names the port, the pod and the cause. */
        void failed(String message);
    }

    private final int port;
    private final String pod;
    private final String threadName;
    private final Peer peer;
    private final ExecutorService writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket socket;

    PortForwardTarget(int port, String pod, String threadName, Peer peer) {
        this.port = port;
        this.pod = pod;
        this.threadName = threadName;
        this.peer = peer;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, threadName + "-writer"));
    }

    /** Connects to the target (null: the pod port is not mapped, which fails the connection). */
    void connect(InetSocketAddress target) {
        submit(() -> {
            if (target == null) {
                peer.failed("pod " + pod + " has no port " + port
                        + " mapped to a local address (LocalKubernetesApi.mapPodPort)");
                return;
            }
            try {
                Socket s = new Socket();
                s.connect(target, 10_000);
                socket = s;
                daemon(() -> pump(s), threadName + "-reader").start();
            } catch (IOException e) {
                peer.failed("error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
            }
        });
    }

    private void pump(Socket s) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = s.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read > 0) {
                    peer.fromTarget(buffer, read);
                }
            }
        } catch (IOException e) {
            // the connection ended; the peer tells the client
        }
        peer.targetClosed();
    }

    /** Writes to the target after what came before; {@code last} half-closes it. Dropped once the socket is closed. */
    void write(byte[] data, boolean last) {
        submit(() -> {
            Socket s = socket;
            if (s == null || s.isClosed()) {
                return;
            }
            try {
                if (data.length > 0) {
                    s.getOutputStream().write(data);
                    s.getOutputStream().flush();
                }
                if (last) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                peer.failed("error writing to port " + port + " of pod " + pod + ": " + e.getMessage());
            }
        });
    }

    /** Closes the socket after the writes already queued; idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        submit(() -> {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        writer.shutdown();
    }

    private void submit(Runnable task) {
        try {
            writer.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing more goes to the target
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
