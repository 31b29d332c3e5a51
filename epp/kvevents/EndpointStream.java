package epp.kvevents;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.logging.Log;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The KV-event sockets of one endpoint: a SUB socket on its PUB socket and, when configured, a
 * DEALER socket on its replay ROUTER (request {@code [empty, start seq]}; answers
 * {@code [empty, seq, payload]}... then {@code [empty, -1, ""]}). Messages are
 * {@code [topic, seq (8-byte big-endian), payload]}; a {@link BatchSequencer} applies them in order.
 * Runs on the subscriber's thread only.
 */
final class EndpointStream {
    /**
     * Batches ZMQ queues for this socket before it drops new ones (a gap the sequencer then handles):
     * bounds the memory a stalled EPP holds per endpoint.
     */
    static final int RECEIVE_HIGH_WATER_MARK = 10_000;

    private final EndpointId id;
    private final String description;
    private final ZMQ.Socket sub;
    private final ZMQ.Socket replay;
    private final KvEventCounters counters;
    private final BatchSequencer sequencer;

    EndpointStream(ZContext context, Endpoint endpoint, KvEventsConfig config, BlockIndex index, KvEventCounters counters) {
        this.id = endpoint.id();
        this.counters = counters;
        int rank = endpoint.id().rank();
        boolean ipv6 = endpoint.address().indexOf(':') >= 0;
        String host = ipv6 ? "[" + endpoint.address() + "]" : endpoint.address();
        this.description = id + " tcp://" + host + ":" + (config.socketPort() + rank);
        this.sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setIPv6(ipv6);
        sub.setRcvHWM(RECEIVE_HIGH_WATER_MARK);
        sub.subscribe(config.topicFilter().getBytes(StandardCharsets.UTF_8));
        sub.connect("tcp://" + host + ":" + (config.socketPort() + rank));
        if (config.replayPort() > 0) {
            replay = context.createSocket(SocketType.DEALER);
            replay.setLinger(0);
            replay.setIPv6(ipv6);
            replay.connect("tcp://" + host + ":" + (config.replayPort() + rank));
        } else {
            replay = null;
        }
        this.sequencer = new BatchSequencer(id, description, config, index, counters,
                replay == null ? null : this::requestReplay);
    }

    EndpointId id() {
        return id;
    }

    ZMQ.Socket sub() {
        return sub;
    }

    ZMQ.Socket replay() {
        return replay;
    }

    /** Reads every live message waiting on the SUB socket. */
    void drainLive() {
        while (true) {
            byte[] topic = sub.recv(ZMQ.DONTWAIT);
            if (topic == null) {
                return;
            }
            byte[][] rest = rest(sub);
            if (rest.length != 2 || rest[0].length != 8) {
                counters.malformed.increment();
                Log.v(Log.DEBUG, "KV event message is not [topic, sequence, payload], dropped", "endpoint", description,
                        "frames", rest.length + 1);
                continue;
            }
            sequencer.onLive(ByteBuffer.wrap(rest[0]).getLong(), rest[1]);
        }
    }

    /** Reads every replay answer waiting on the DEALER socket. */
    void drainReplay() {
        while (replay != null) {
            byte[] delimiter = replay.recv(ZMQ.DONTWAIT);
            if (delimiter == null) {
                return;
            }
            byte[][] rest = rest(replay);
            if (rest.length != 2 || rest[0].length != 8) {
                counters.malformed.increment();
                continue;
            }
            sequencer.onReplayed(ByteBuffer.wrap(rest[0]).getLong(), rest[1]);
        }
    }

    void checkReplayDeadline(long nowNanos) {
        sequencer.checkReplayDeadline(nowNanos);
    }

    private void requestReplay(long from) {
        replay.sendMore(new byte[0]);
        replay.send(ByteBuffer.allocate(8).putLong(from).array());
    }

    /** The frames after the first of a multipart message (always all of them, so the next read starts a message). */
    static byte[][] rest(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>(2);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames.toArray(new byte[0][]);
    }

    void close() {
        sub.close();
        if (replay != null) {
            replay.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
