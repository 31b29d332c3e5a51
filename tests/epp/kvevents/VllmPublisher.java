package epp.kvevents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Test side: a model server's KV-event publisher as vLLM's ZmqEventPublisher runs it, on a real
 * loopback address: multipart {@code [topic, seq (8 bytes big-endian), payload]} on a PUB-compatible
 * socket, and a ROUTER answering replay requests from its buffer. The socket is an XPUB so the test
 * can wait until the EPP's subscription has arrived before publishing (ZMQ drops messages published
 * before that), instead of sleeping.
 */
public final class VllmPublisher implements AutoCloseable {
    private static final byte[] END_OF_REPLAY = ByteBuffer.allocate(8).putLong(-1).array();

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket pub;
    private final ZMQ.Socket router;
    private final byte[] topic;
    private final List<Kept> buffer = new ArrayList<>();
    private final int port;
    private final int replayPort;
    private long nextSeq;

    private record Kept(long seq, byte[] payload) {}

    /**
     * @param port       the PUB port (0 = any free one)
     * @param replayPort the ROUTER port (0 = any free one, -1 = no replay socket)
     */
    public VllmPublisher(String ip, int port, int replayPort, String topic) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        pub = context.createSocket(SocketType.XPUB);
        pub.setLinger(0);
        this.port = bind(pub, ip, port);
        if (replayPort >= 0) {
            router = context.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            this.replayPort = bind(router, ip, replayPort);
        } else {
            router = null;
            this.replayPort = 0;
        }
    }

    /** A publisher in llm-d's central mode: it connects to the EPP's bound socket (no replay socket). */
    public static VllmPublisher connecting(String endpoint, String topic) {
        return new VllmPublisher(endpoint, topic);
    }

    private VllmPublisher(String connectTo, String topic) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        pub = context.createSocket(SocketType.XPUB);
        pub.setLinger(0);
        pub.connect(connectTo);
        this.port = 0;
        this.router = null;
        this.replayPort = 0;
    }

    private static int bind(ZMQ.Socket socket, String ip, int port) {
        if (port == 0) {
            return socket.bindToRandomPort("tcp://" + ip);
        }
        socket.bind("tcp://" + ip + ":" + port);
        return port;
    }

    public int port() {
        return port;
    }

    public int replayPort() {
        return replayPort;
    }

    /**
     * Blocks until a subscriber's subscription message arrives (XPUB delivers it as a frame: 1, then
     * the topic prefix) and returns the prefix subscribed to.
     */
    public String awaitSubscriber() {
        byte[] subscription = pub.recv(0);
        if (subscription == null || subscription.length == 0 || subscription[0] != 1) {
            throw new AssertionError("expected a subscription frame");
        }
        return new String(subscription, 1, subscription.length - 1, StandardCharsets.UTF_8);
    }

    /** Publishes the next batch and keeps it for replay. */
    public long publish(byte[] payload) {
        long seq = nextSeq++;
        keep(seq, payload);
        send(seq, payload);
        return seq;
    }

    /** Takes a sequence number and keeps the batch for replay, but never sends it live (a lost message). */
    public long lose(byte[] payload) {
        long seq = nextSeq++;
        keep(seq, payload);
        return seq;
    }

    /** Takes a sequence number for a batch that is neither sent nor kept (lost beyond the replay buffer). */
    public long forget() {
        return nextSeq++;
    }

    private void keep(long seq, byte[] payload) {
        buffer.add(new Kept(seq, payload));
    }

    private void send(long seq, byte[] payload) {
        pub.sendMore(topic);
        pub.sendMore(ByteBuffer.allocate(8).putLong(seq).array());
        pub.send(payload);
    }

    /**
     * Blocks for one replay request ({@code [identity, "", start seq]}) and answers it as vLLM does:
     * every kept batch from that sequence on, then the end marker. Returns the start asked for.
     */
    public long serveReplay() {
        byte[] identity = router.recv(0);
        byte[] empty = router.recv(0);
        byte[] start = router.recv(0);
        if (empty.length != 0 || start.length != 8 || router.hasReceiveMore()) {
            throw new AssertionError("a replay request is [identity, empty, 8-byte seq]");
        }
        long from = ByteBuffer.wrap(start).getLong();
        for (Kept kept : buffer) {
            if (kept.seq() >= from) {
                router.sendMore(identity);
                router.sendMore(new byte[0]);
                router.sendMore(ByteBuffer.allocate(8).putLong(kept.seq()).array());
                router.send(kept.payload());
            }
        }
        router.sendMore(identity);
        router.sendMore(new byte[0]);
        router.sendMore(END_OF_REPLAY);
        router.send(new byte[0]);
        return from;
    }

    /** Forgets the replay buffer below {@code seq} (vLLM keeps the last buffer_steps batches). */
    public void trimReplayBufferBelow(long seq) {
        buffer.removeIf(kept -> kept.seq() < seq);
    }

    @Override
    public void close() {
        context.close();
    }
}
