package sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One port-forward connection in WebSocket channel protocol {@code v4.channel.k8s.io} (fabric8): a
 * data and an error channel, each binary frame prefixed with its channel byte, each channel opened by
 * a frame carrying the port (little endian); the other side is a TCP socket to the mapped address.
 */
final class ChannelPortForwardTunnel extends WebSocketListener implements PortForwardTarget.Peer {
    private static final byte DATA = 0;
    private static final byte ERROR = 1;

    private final int port;
    private final InetSocketAddress target;
    private final PortForwardTarget connection;
    private volatile WebSocket ws;

    ChannelPortForwardTunnel(int port, InetSocketAddress target, String pod) {
        this.port = port;
        this.target = target;
        this.connection = new PortForwardTarget(port, pod, "port-forward", this);
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        this.ws = ws;
        byte[] portBytes = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
        ws.send(frame(DATA, portBytes));
        ws.send(frame(ERROR, portBytes));
        connection.connect(target);
    }

    @Override
    public void fromTarget(byte[] buffer, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = DATA;
        System.arraycopy(buffer, 0, frame, 1, length);
        ws.send(frame);
    }

    @Override
    public void targetClosed() {
        ws.close(1000, "");
        connection.close();
    }

    @Override
    public void failed(String message) {
        ws.send(frame(ERROR, message.getBytes(StandardCharsets.UTF_8)));
        targetClosed();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != DATA) {
            return;
        }
        connection.write(Arrays.copyOfRange(bytes, 1, bytes.length), false);
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
        connection.close();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        connection.close();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        connection.close();
    }

    private static byte[] frame(byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
