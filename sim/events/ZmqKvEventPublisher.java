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
 * connected otherwise (vLLM's rule). The topic is {@code kv@<address>@<model>} (llm-d-inference-sim's).
 * No replay socket.
 */
public final class ZmqKvEventPublisher implements KvEventSink, AutoCloseable {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final ZMQ.Socket socket;
    private final byte[] topic;
    private final int rank;
    private final int batchSize;
    private final Timers timers;
    private final List<byte[]> pending = new ArrayList<>();
    private long sequence;
    private boolean flushScheduled;

    public ZmqKvEventPublisher(ZContext context, String endpoint, String topic, int rank, int batchSize, Timers timers) {
        this.socket = context.createSocket(SocketType.PUB);
        this.socket.setSndHWM(100_000);
        this.socket.setLinger(0);
        String rankEndpoint = offsetPort(endpoint, rank);
        if (rankEndpoint.contains("*")) {
            socket.bind(rankEndpoint);
        } else {
            socket.connect(rankEndpoint);
        }
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.rank = rank;
        this.batchSize = batchSize;
        this.timers = timers;
    }

    /** vLLM gives data-parallel rank N the endpoint's port + N. */
    static String offsetPort(String endpoint, int rank) {
        int colon = endpoint.lastIndexOf(':');
        if (rank == 0 || !endpoint.startsWith("tcp://") || colon < 0) {
            return endpoint;
        }
        return endpoint.substring(0, colon + 1) + (Integer.parseInt(endpoint.substring(colon + 1)) + rank);
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
            socket.sendMore(topic);
            socket.sendMore(ByteBuffer.allocate(8).putLong(sequence++).array());
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
        socket.close();
    }
}
