package sandbox;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod {@code portforward} subresource: which local TCP address each pod port reaches
 * ({@link #map}), and the WebSocket protocol of the request: channels {@code v4.channel.k8s.io}
 * (fabric8, {@link ChannelPortForwardTunnel}) or SPDY tunnelling (kubectl, {@link SpdyPortForwardTunnel}).
 */
final class PortForwarding {
    private final Map<String, InetSocketAddress> targets = new ConcurrentHashMap<>();

    void map(String namespace, String pod, int port, InetSocketAddress target) {
        targets.put(key(namespace, pod, port), target);
    }

    MockResponse open(String namespace, String pod, String portsParam) {
        if (portsParam == null || portsParam.isBlank()) {
            throw ApiException.badRequest("port-forward needs ?ports=PORT (WebSocket channels) or the"
                    + " SPDY/3.1+portforward.k8s.io subprotocol (kubectl)");
        }
        int port;
        try {
            port = Integer.parseInt(portsParam.split("[,&]")[0].trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid port \"" + portsParam + "\" for port-forward: expected a number");
        }
        InetSocketAddress target = targets.get(key(namespace, pod, port));
        return new MockResponse().withWebSocketUpgrade(new ChannelPortForwardTunnel(port, target, namespace + "/" + pod));
    }

    /** kubectl's port-forward: SPDY streams in the WebSocket, ports named per stream. */
    MockResponse openForKubectl(String namespace, String pod) {
        return new MockResponse().withWebSocketUpgrade(new SpdyPortForwardTunnel(
                port -> targets.get(key(namespace, pod, port)), namespace + "/" + pod));
    }

    /**
     * Lets the mock's WebSocket server accept kubectl's subprotocol. The mock offers a fixed list
     * (v1..v4.channel.k8s.io) with no setter; v1.channel.k8s.io, which no client of this API asks
     * for, is swapped for SPDY tunnelling. The list is the mock's, for the whole JVM: this changes
     * it once (later calls find it done). Must run before a server starts.
     *
     * @return null when kubectl's subprotocol is accepted, otherwise why not (kubectl port-forward
     *     will then fail; every other request works)
     */
    static String acceptKubectlSubprotocol() {
        try {
            Field field = MockWebServer.class.getDeclaredField("SUPPORTED_WEBSOCKET_SUB_PROTOCOLS");
            field.setAccessible(true);
            String[] protocols = (String[]) field.get(null);
            synchronized (MockWebServer.class) {
                for (int i = 0; i < protocols.length; i++) {
                    if (protocols[i].equals("v1.channel.k8s.io")) {
                        protocols[i] = SpdyPortForwardTunnel.PROTOCOL;
                    }
                }
            }
            return java.util.List.of(protocols).contains(SpdyPortForwardTunnel.PROTOCOL) ? null
                    : "MockWebServer.SUPPORTED_WEBSOCKET_SUB_PROTOCOLS is " + java.util.List.of(protocols)
                    + ", without v1.channel.k8s.io to replace";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "cannot change MockWebServer.SUPPORTED_WEBSOCKET_SUB_PROTOCOLS (" + e + ")";
        }
    }

    private static String key(String namespace, String pod, int port) {
        return namespace + "/" + pod + ":" + port;
    }
}
