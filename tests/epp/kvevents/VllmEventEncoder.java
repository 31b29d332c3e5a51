package epp.kvevents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Test side: encodes KV-event batches as vLLM's msgspec does (array_like tagged structs, trailing
 * defaults omitted): {@code [ts, [["BlockStored", hashes, parent, tokens, blockSize, loraId, medium,
 * loraName], ...], rank]}. Hashes above 2^63 go out as uint64, as msgspec writes Python ints.
 */
public final class VllmEventEncoder {
    private final List<byte[]> encodedEvents = new ArrayList<>();

    public VllmEventEncoder stored(long[] hashes, Long parent, int[] tokens, int blockSize) {
        return event(packer -> {
            packer.packArrayHeader(8);
            packer.packString("BlockStored");
            hashes(packer, hashes);
            if (parent == null) {
                packer.packNil();
            } else {
                hash(packer, parent);
            }
            packer.packArrayHeader(tokens.length);
            for (int token : tokens) {
                packer.packInt(token);
            }
            packer.packInt(blockSize);
            packer.packNil();
            packer.packString("GPU");
            packer.packNil();
        });
    }

    public VllmEventEncoder removed(long... hashes) {
        return event(packer -> {
            packer.packArrayHeader(3);
            packer.packString("BlockRemoved");
            hashes(packer, hashes);
            packer.packString("GPU");
        });
    }

    public VllmEventEncoder cleared() {
        return event(packer -> {
            packer.packArrayHeader(1);
            packer.packString("AllBlocksCleared");
        });
    }

    /** The batch: {@code [ts, events, rank]}. */
    public byte[] batch(double ts, int rank) {
        try (MessageBufferPacker batch = MessagePack.newDefaultBufferPacker()) {
            batch.packArrayHeader(3);
            batch.packDouble(ts);
            batch.packArrayHeader(encodedEvents.size());
            for (byte[] event : encodedEvents) {
                batch.writePayload(event);
            }
            batch.packInt(rank);
            return batch.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writer {
        void write(MessageBufferPacker packer) throws IOException;
    }

    private VllmEventEncoder event(Writer writer) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            writer.write(packer);
            encodedEvents.add(packer.toByteArray());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void hashes(MessageBufferPacker packer, long[] hashes) throws IOException {
        packer.packArrayHeader(hashes.length);
        for (long hash : hashes) {
            hash(packer, hash);
        }
    }

    private static void hash(MessageBufferPacker packer, long hash) throws IOException {
        if (hash < 0) {
            packer.packBigInteger(new BigInteger(Long.toUnsignedString(hash)));
        } else {
            packer.packLong(hash);
        }
    }
}
