package sim.events;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import sim.engine.KvEventSink;
import sim.engine.Timers;

/**
 * Publishes an engine's KV cache changes as vLLM's {@code ZmqEventPublisher} does: a PUB socket sends
 * multipart messages {@code [topic, sequence (8-byte big-endian), payload]}; the payload is a msgpack
 * {@code KVEventBatch} encoded array-like, {@code [ts, [event...], data_parallel_rank]}, with tagged
 * array events:
 * <ul>
 *   <li>{@code ["BlockStored", [block_hash...], parent_block_hash|nil, [token_id...], block_size, lora_id|nil, "GPU", lora_name|nil]}</li>
 *   <li>{@code ["BlockRemoved", [block_hash...], "GPU"]}</li>
 *   <li>{@code ["AllBlocksCleared"]}, once when the pod starts</li>
 * </ul>
 * Block hashes are unsigned 64-bit integers. Events of one turn of the event loop go out together,
 * at most {@code event-batch-size} per batch. The endpoint is bound when it contains {@code *} and
 * connected otherwise (vLLM's rule); a pod binds {@code *} at its own loopback address, so every
 * simulated pod has its own port 5557 as every vLLM pod has. The topic is {@code kv@<address>@<model>}
 * (llm-d-inference-sim's). With a {@link ReplayServer.Buffer} every batch is also kept for replay.
 */
public final class ZmqKvEventPublisher implements KvEventSink, AutoCloseable {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final ZMQ.Socket socket;
    private final byte[] topic;
    private final int rank;
    private final int batchSize;
    private final Timers timers;
    private final List<byte[]> pending = new ArrayList<>();
    private final ReplayServer.Buffer replay;
    private final int port;
    private long sequence;
    private boolean flushScheduled;

    public ZmqKvEventPublisher(ZContext context, String endpoint, String topic, int rank, int batchSize, Timers timers) {
        this(context, endpoint, null, topic, rank, batchSize, timers, null);
    }

    /**
     * @param podAddress the address a {@code *} host stands for (null: all interfaces, as vLLM binds)
     * @param replay     where published batches are kept for replay, or null
     * @throws IllegalStateException naming the endpoint when it cannot be bound
     */
    public ZmqKvEventPublisher(ZContext context, String endpoint, String podAddress, String topic, int rank, int batchSize,
                               Timers timers, ReplayServer.Buffer replay) {
        this.socket = context.createSocket(SocketType.PUB);
        this.socket.setSndHWM(100_000);
        this.socket.setLinger(0);
        String rankEndpoint = offsetPort(endpoint, rank);
        try {
            if (rankEndpoint.contains("*")) {
                bind(socket, atAddress(rankEndpoint, podAddress));
            } else {
                socket.connect(rankEndpoint);
            }
        } catch (RuntimeException e) {
            socket.close();
            throw new IllegalStateException("cannot " + (rankEndpoint.contains("*") ? "bind" : "connect") + " the KV event socket "
                    + atAddress(rankEndpoint, podAddress) + ": " + reason(e), e);
        }
        this.port = rankEndpoint.contains("*") ? port(socket.getLastEndpoint()) : 0;
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.rank = rank;
        this.batchSize = batchSize;
        this.timers = timers;
        this.replay = replay;
    }

    /** How long a bind waits for a port a closed socket still holds: JeroMQ releases it after close() returns. */
    private static final long BIND_RETRY_NANOS = 2_000_000_000L;

    /**
     * Binds, waiting up to 2 s while the port is in use: a pod stopped and started again on the same
     * address finds its old sockets' ports still held for a moment by JeroMQ's I/O thread.
     */
    static void bind(ZMQ.Socket socket, String endpoint) {
        long deadline = System.nanoTime() + BIND_RETRY_NANOS;
        while (true) {
            try {
                socket.bind(endpoint);
                return;
            } catch (ZMQException e) {
                if (e.getErrorCode() != ZMQ.Error.EADDRINUSE.getCode() || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + endpoint, e);
            }
        }
    }

    /** JeroMQ's error, named ("Errno 48" is EADDRINUSE). */
    static String reason(RuntimeException e) {
        if (e instanceof ZMQException z && z.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()) {
            return "the address is already in use (another pod or process holds the port)";
        }
        return e.getMessage();
    }

    /** vLLM gives data-parallel rank N the endpoint's port + N (port 0, any free port, stays 0). */
    public static String offsetPort(String endpoint, int rank) {
        int colon = endpoint.lastIndexOf(':');
        if (rank == 0 || !endpoint.startsWith("tcp://") || colon < 0) {
            return endpoint;
        }
        int port = Integer.parseInt(endpoint.substring(colon + 1));
        return port == 0 ? endpoint : endpoint.substring(0, colon + 1) + (port + rank);
    }

    /** {@code tcp://*:PORT} with the pod's address for {@code *} (unchanged when podAddress is null). */
    public static String atAddress(String endpoint, String podAddress) {
        return podAddress == null ? endpoint : endpoint.replace("tcp://*:", "tcp://" + podAddress + ":");
    }

    /** The port of a bound endpoint as JeroMQ reports it ({@code tcp://127.0.0.11:40123}). */
    static int port(String boundEndpoint) {
        return Integer.parseInt(boundEndpoint.substring(boundEndpoint.lastIndexOf(':') + 1));
    }

    /** The bound PUB socket's port (0 when it connects out). */
    public int port() {
        return port;
    }

    /** The replay socket's port, 0 when there is none. */
    public int replayPort() {
        return replay == null ? 0 : replay.port();
    }

    @Override
    public void blockStored(long[] hashes, Long parentHash, int[] tokenIds, int blockSize, Integer loraId, String loraName) {
        add(packer -> {
            packer.packArrayHeader(8);
            packer.packString("BlockStored");
            packHashes(packer, hashes);
            if (parentHash == null) {
                packer.packNil();
            } else {
                packHash(packer, parentHash);
            }
            packer.packArrayHeader(tokenIds.length);
            for (int id : tokenIds) {
                packer.packLong(id & 0xFFFFFFFFL);
            }
            packer.packInt(blockSize);
            if (loraId == null) {
                packer.packNil();
            } else {
                packer.packInt(loraId);
            }
            packer.packString("GPU");
            if (loraName == null) {
                packer.packNil();
            } else {
                packer.packString(loraName);
            }
        });
    }

    @Override
    public void blockRemoved(long[] hashes) {
        add(packer -> {
            packer.packArrayHeader(3);
            packer.packString("BlockRemoved");
            packHashes(packer, hashes);
            packer.packString("GPU");
        });
    }

    @Override
    public void allBlocksCleared() {
        add(packer -> {
            packer.packArrayHeader(1);
            packer.packString("AllBlocksCleared");
        });
    }

    private interface EventWriter {
        void write(MessageBufferPacker packer) throws IOException;
    }

    private void add(EventWriter writer) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            writer.write(packer);
            pending.add(packer.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("msgpack encoding failed", e);
        }
        if (pending.size() >= batchSize) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            timers.schedule(0, this::flush);
        }
    }

    /** Sends what is pending as one batch. */
    public void flush() {
        flushScheduled = false;
        if (pending.isEmpty()) {
            return;
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(3);
            packer.packDouble(System.currentTimeMillis() / 1000.0);
            packer.packArrayHeader(pending.size());
            for (byte[] event : pending) {
                packer.addPayload(event);
            }
            packer.packInt(rank);
            byte[] payload = packer.toByteArray();
            pending.clear();
            long seq = sequence++;
            if (replay != null) {
                replay.add(seq, payload);
            }
            socket.sendMore(topic);
            socket.sendMore(ByteBuffer.allocate(8).putLong(seq).array());
            socket.send(payload, ZMQ.DONTWAIT);
        } catch (IOException e) {
            throw new IllegalStateException("msgpack encoding failed", e);
        }
    }

    private static void packHashes(MessageBufferPacker packer, long[] hashes) throws IOException {
        packer.packArrayHeader(hashes.length);
        for (long h : hashes) {
            packHash(packer, h);
        }
    }

    private static void packHash(MessageBufferPacker packer, long hash) throws IOException {
        if (hash >= 0) {
            packer.packLong(hash);
        } else {
            packer.packBigInteger(BigInteger.valueOf(hash).add(TWO_TO_64));
        }
    }

    @Override
    public void close() {
        flush();
        if (port != 0) {
            socket.unbind(socket.getLastEndpoint());
        }
        socket.close();
        if (replay != null) {
            replay.close();
        }
    }
}
