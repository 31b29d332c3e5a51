package sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One port-forward connection in WebSocket channel protocol {@code v4.channel.k8s.io} (fabric8): a
 * data and an error channel, each binary frame prefixed with its channel byte, each channel opened by
 * a frame carrying the port (little endian); the other side is a TCP socket to the mapped address.
 */
final class ChannelPortForwardTunnel extends WebSocketListener {
    private static final byte DATA = 0;
    private static final byte ERROR = 1;

    private final int port;
    private final InetSocketAddress target;
    private final String pod;
    /** Serialises connect and writes towards the target, in arrival order. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "port-forward-writer"));
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket socket;

    ChannelPortForwardTunnel(int port, InetSocketAddress target, String pod) {
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
