package sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pod {@code portforward} subresource over WebSocket, channel protocol {@code v4.channel.k8s.io}:
 * one data and one error channel per requested port, each binary frame prefixed with its channel
 * byte, each channel opened by a frame carrying the port (little endian). The "pod port" is a TCP
 * address on this machine registered with {@link #map}.
 */
final class PortForwarding {
    private final Map<String, InetSocketAddress> targets = new ConcurrentHashMap<>();

    void map(String namespace, String pod, int port, InetSocketAddress target) {
        targets.put(key(namespace, pod, port), target);
    }

    MockResponse open(String namespace, String pod, String portsParam) {
        if (portsParam == null || portsParam.isBlank()) {
            throw ApiException.badRequest("port-forward needs ?ports=PORT");
        }
        int port;
        try {
            port = Integer.parseInt(portsParam.split("[,&]")[0].trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid port \"" + portsParam + "\" for port-forward: expected a number");
        }
        InetSocketAddress target = targets.get(key(namespace, pod, port));
        return new MockResponse().withWebSocketUpgrade(new Tunnel(port, target, namespace + "/" + pod));
    }

    /** kubectl's port-forward: SPDY streams in the WebSocket, ports named per stream. */
    MockResponse openForKubectl(String namespace, String pod) {
        return new MockResponse().withWebSocketUpgrade(new SpdyPortForwardTunnel(
                port -> targets.get(key(namespace, pod, port)), namespace + "/" + pod));
    }

    /**
     * Lets the mock's WebSocket server accept kubectl's subprotocol. The mock offers a fixed list
     * (v1..v4.channel.k8s.io) with no setter; v1.channel.k8s.io, which no client of this API asks
     * for, is swapped for SPDY tunnelling. Must run before a server starts.
     */
    static void acceptKubectlSubprotocol() {
        try {
            java.lang.reflect.Field field = io.fabric8.mockwebserver.MockWebServer.class
                    .getDeclaredField("SUPPORTED_WEBSOCKET_SUB_PROTOCOLS");
            field.setAccessible(true);
            String[] protocols = (String[]) field.get(null);
            for (int i = 0; i < protocols.length; i++) {
                if (protocols[i].equals("v1.channel.k8s.io")) {
                    protocols[i] = SpdyPortForwardTunnel.PROTOCOL;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another fabric8 version: kubectl port-forward then fails with a clear error, nothing else does
        }
    }

    private static String key(String namespace, String pod, int port) {
        return namespace + "/" + pod + ":" + port;
    }

    /** One forwarded connection: a WebSocket on one side, a TCP socket to the mapped address on the other. */
    private static final class Tunnel extends WebSocketListener {
        private static final byte DATA = 0;
        private static final byte ERROR = 1;

        private final int port;
        private final InetSocketAddress target;
        private final String pod;
        /** Serialises connect and writes towards the target, in arrival order. */
        private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "port-forward-writer"));
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Socket socket;

        Tunnel(int port, InetSocketAddress target, String pod) {
            this.port = port;
            this.target = target;
            this.pod = pod;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            byte[] portBytes = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
            ws.send(frame(DATA, portBytes));
            ws.send(frame(ERROR, portBytes));
            if (target == null) {
                fail(ws, "pod " + pod + " has no port " + port + " mapped to a local address"
                        + " (LocalKubernetesApi.mapPodPort)");
                return;
            }
            submit(() -> {
                try {
                    Socket s = new Socket();
                    s.connect(target, 10_000);
                    socket = s;
                    daemon(() -> pump(s, ws), "port-forward-reader").start();
                } catch (IOException e) {
                    fail(ws, "error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
                }
            });
        }

        private void pump(Socket s, WebSocket ws) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = s.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (read > 0) {
                        byte[] frame = new byte[read + 1];
                        frame[0] = DATA;
                        System.arraycopy(buffer, 0, frame, 1, read);
                        ws.send(frame);
                    }
                }
            } catch (IOException e) {
                // the connection ended; closing the WebSocket below tells the client
            }
            ws.close(1000, "");
            close();
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length == 0 || bytes[0] != DATA) {
                return;
            }
            byte[] data = Arrays.copyOfRange(bytes, 1, bytes.length);
            submit(() -> {
                Socket s = socket;
                if (s == null) {
                    return;
                }
                try {
                    s.getOutputStream().write(data);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    fail(ws, "error writing to port " + port + " of pod " + pod + ": " + e.getMessage());
                }
            });
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.toByteArray());
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            onMessage(ws, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            close();
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            close();
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            close();
        }

        private void fail(WebSocket ws, String message) {
            ws.send(frame(ERROR, message.getBytes(StandardCharsets.UTF_8)));
            ws.close(1000, "");
            close();
        }

        private void submit(Runnable task) {
            try {
                writer.execute(task);
            } catch (RejectedExecutionException e) {
                // the tunnel is closed; nothing more goes to the target
            }
        }

        private void close() {
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

        private static byte[] frame(byte channel, byte[] payload) {
            byte[] frame = new byte[payload.length + 1];
            frame[0] = channel;
            System.arraycopy(payload, 0, frame, 1, payload.length);
            return frame;
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }
    }
}
