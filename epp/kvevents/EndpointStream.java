package epp.kvevents;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.logging.Log;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The KV-event stream of one endpoint: a SUB socket on its PUB socket and, when configured, a
 * DEALER socket on its replay ROUTER. Applies batches to the index in sequence order.
 *
 * <p>Sequence numbers (8-byte big-endian, the second frame) count up by one per batch. A jump ahead
 * is a gap: with a replay socket the missing batches are asked for ({@code [empty, start seq]}; the
 * ROUTER answers {@code [empty, seq, payload]}... then {@code [empty, -1, ""]}) while live batches
 * wait; without one, or when the replay cannot fill it, the endpoint's blocks are dropped from the
 * index and the stream goes on from the new batch. A jump back means the publisher restarted: its
 * cache is new, so the endpoint's blocks are dropped too. Runs on the subscriber's thread only.
 */
final class EndpointStream {
    private static final long END_OF_REPLAY = -1;

    private final EndpointId id;
    private final String description;
    private final ZMQ.Socket sub;
    private final ZMQ.Socket replay;
    private final KvEventsConfig config;
    private final BlockIndex index;
    private final KvEventCounters counters;

    private long next = -1;
    /** Where the last replay started: live batches from here up to {@code next} were already replayed. */
    private long replayedFrom = Long.MAX_VALUE;
    private boolean replaying;
    private long replayDeadlineNanos;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    private record Batch(long seq, byte[] payload) {}

    EndpointStream(ZContext context, Endpoint endpoint, KvEventsConfig config, BlockIndex index, KvEventCounters counters) {
        this.id = endpoint.id();
        this.config = config;
        this.index = index;
        this.counters = counters;
        int rank = endpoint.id().rank();
        String host = endpoint.address().indexOf(':') >= 0 ? "[" + endpoint.address() + "]" : endpoint.address();
        this.description = id + " tcp://" + host + ":" + (config.socketPort() + rank);
        this.sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setIPv6(endpoint.address().indexOf(':') >= 0);
        sub.setRcvHWM(0);
        sub.subscribe(config.topicFilter().getBytes(StandardCharsets.UTF_8));
        sub.connect("tcp://" + host + ":" + (config.socketPort() + rank));
        if (config.replayPort() > 0) {
            replay = context.createSocket(SocketType.DEALER);
            replay.setLinger(0);
            replay.setIPv6(endpoint.address().indexOf(':') >= 0);
            replay.connect("tcp://" + host + ":" + (config.replayPort() + rank));
        } else {
            replay = null;
        }
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
            onLive(new Batch(ByteBuffer.wrap(rest[0]).getLong(), rest[1]));
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
            onReplayed(ByteBuffer.wrap(rest[0]).getLong(), rest[1]);
        }
    }

    /** Gives up a replay that did not end in time. */
    void checkReplayDeadline(long nowNanos) {
        if (replaying && nowNanos - replayDeadlineNanos > 0) {
            Log.info("KV event replay did not answer in time; dropping the endpoint's blocks", "endpoint", description,
                    "timeout", config.replayTimeout().toString());
            endReplay(true);
        }
    }

    private void onLive(Batch batch) {
        if (replaying) {
            if (pending.size() >= config.maxPendingBatches()) {
                Log.info("KV event replay fell too far behind; dropping the endpoint's blocks", "endpoint", description);
                pending.add(batch);
                endReplay(true);
                return;
            }
            pending.add(batch);
            return;
        }
        accept(batch, replay != null);
    }

    /** @param mayReplay whether a gap may be filled by asking the replay socket */
    private void accept(Batch batch, boolean mayReplay) {
        if (next < 0 || batch.seq() == next) {
            apply(batch);
        } else if (batch.seq() < next) {
            if (batch.seq() >= replayedFrom) {
                counters.duplicates.increment();
                return;
            }
            Log.info("KV event sequence went back (publisher restarted); dropping the endpoint's blocks",
                    "endpoint", description, "expected", next, "got", batch.seq());
            dropBlocks();
            apply(batch);
        } else if (mayReplay) {
            counters.gaps.increment();
            counters.replays.increment();
            Log.v(Log.VERBOSE, "KV event gap; asking for a replay", "endpoint", description, "expected", next,
                    "got", batch.seq());
            pending.add(batch);
            replaying = true;
            replayedFrom = next;
            replayDeadlineNanos = System.nanoTime() + config.replayTimeout().toNanos();
            replay.sendMore(new byte[0]);
            replay.send(ByteBuffer.allocate(8).putLong(next).array());
        } else {
            counters.gaps.increment();
            Log.info("KV event gap; dropping the endpoint's blocks", "endpoint", description, "expected", next,
                    "got", batch.seq(), "replay", replay == null ? "not configured" : "did not fill it");
            dropBlocks();
            apply(batch);
        }
    }

    private void onReplayed(long seq, byte[] payload) {
        if (!replaying) {
            return; // the answer to a replay already given up
        }
        if (seq == END_OF_REPLAY) {
            endReplay(false);
        } else if (seq == next) {
            counters.replayed.increment();
            apply(new Batch(seq, payload));
        } else if (seq > next) {
            // The replay buffer no longer reaches back to `next`: those batches are lost.
            Log.info("KV event replay starts after the gap; dropping the endpoint's blocks", "endpoint", description,
                    "expected", next, "got", seq);
            dropBlocks();
            apply(new Batch(seq, payload));
        }
        // seq < next: already applied
    }

    /** Ends a replay: the live batches that waited are applied in order (no second replay). */
    private void endReplay(boolean failed) {
        replaying = false;
        if (failed) {
            dropBlocks();
            next = -1;
        }
        while (!pending.isEmpty()) {
            Batch batch = pending.poll();
            if (next >= 0 && batch.seq() < next) {
                counters.duplicates.increment();
                continue;
            }
            accept(batch, false);
        }
    }

    private void dropBlocks() {
        counters.drops.increment();
        index.removeEndpoint(id);
    }

    private void apply(Batch batch) {
        next = batch.seq() + 1;
        KvEventBatch decoded;
        try {
            decoded = KvEventDecoder.decode(batch.payload());
        } catch (MalformedBatchException e) {
            counters.malformed.increment();
            Log.v(Log.DEBUG, "KV event batch dropped", "endpoint", description, "seq", batch.seq(), "error", e.getMessage());
            return;
        }
        for (KvEvent event : decoded.events()) {
            if (event instanceof KvEvent.BlockStored stored && KvEvent.onGpu(stored.medium())) {
                index.add(stored.blockHashes(), id);
                counters.blocksStored.add(stored.blockHashes().length);
            } else if (event instanceof KvEvent.BlockRemoved removed && KvEvent.onGpu(removed.medium())) {
                index.remove(removed.blockHashes(), id);
                counters.blocksRemoved.add(removed.blockHashes().length);
            } else if (event instanceof KvEvent.AllBlocksCleared) {
                index.removeEndpoint(id);
            }
        }
        counters.batches.increment();
    }

    /** The frames after the first of a multipart message (always all of them, so the next read starts a message). */
    private static byte[][] rest(ZMQ.Socket socket) {
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
