package epp.kvevents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Decodes the msgpack payload of one KV-event message into a {@link KvEventBatch}.
 *
 * <p>vLLM encodes with msgspec. Its structs are {@code array_like}: a batch is
 * {@code [ts, [event...], data_parallel_rank?]} and an event is a tagged array
 * {@code ["BlockStored", block_hashes, parent_block_hash, token_ids, block_size, lora_id, medium,
 * lora_name?, extra_keys?, ...]}, {@code ["BlockRemoved", block_hashes, medium, ...]},
 * {@code ["AllBlocksCleared"]}; {@code omit_defaults} drops trailing fields left at their default, so
 * arrays may be shorter (older vLLM has no medium, lora_name or rank) or longer (newer fields are
 * skipped). Structs encoded as maps (msgspec without array_like: {@code {"type": tag, field: value}})
 * are read too. Unknown event tags are skipped, as llm-d's consumer does.
 */
public final class KvEventDecoder {
    private KvEventDecoder() {}

    public static KvEventBatch decode(byte[] payload) throws MalformedBatchException {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(payload)) {
            return batch(in);
        } catch (IOException | RuntimeException e) {
            throw new MalformedBatchException("payload is not a KVEventBatch: " + e.getMessage(), e);
        }
    }

    private static KvEventBatch batch(MessageUnpacker in) throws IOException, MalformedBatchException {
        ValueType type = in.getNextFormat().getValueType();
        double ts = 0;
        List<KvEvent> events = List.of();
        Integer rank = null;
        if (type == ValueType.ARRAY) {
            int fields = in.unpackArrayHeader();
            for (int i = 0; i < fields; i++) {
                switch (i) {
                    case 0 -> ts = number(in);
                    case 1 -> events = events(in);
                    case 2 -> rank = optionalInt(in);
                    default -> in.skipValue();
                }
            }
            if (fields < 2) {
                throw new MalformedBatchException("a KVEventBatch array has at least 2 fields (ts, events), got " + fields);
            }
        } else if (type == ValueType.MAP) {
            int fields = in.unpackMapHeader();
            for (int i = 0; i < fields; i++) {
                switch (in.unpackString()) {
                    case "ts" -> ts = number(in);
                    case "events" -> events = events(in);
                    case "data_parallel_rank" -> rank = optionalInt(in);
                    default -> in.skipValue();
                }
            }
        } else {
            throw new MalformedBatchException("a KVEventBatch is an array or a map, got " + type);
        }
        return new KvEventBatch(ts, events, rank);
    }

    private static List<KvEvent> events(MessageUnpacker in) throws IOException, MalformedBatchException {
        int count = in.unpackArrayHeader();
        List<KvEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KvEvent event = in.getNextFormat().getValueType() == ValueType.MAP ? mapEvent(in) : arrayEvent(in);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** A tagged array; null for an unknown tag (skipped). */
    private static KvEvent arrayEvent(MessageUnpacker in) throws IOException, MalformedBatchException {
        int fields = in.unpackArrayHeader();
        if (fields < 1) {
            throw new MalformedBatchException("an event array starts with its tag, got an empty array");
        }
        String tag = in.unpackString();
        Fields values = new Fields();
        for (int i = 1; i < fields; i++) {
            String name = switch (tag) {
                case "BlockStored" -> fieldOfBlockStored(i);
                case "BlockRemoved" -> i == 1 ? "block_hashes" : i == 2 ? "medium" : "";
                default -> "";
            };
            values.read(name, in);
        }
        return values.event(tag);
    }

    private static String fieldOfBlockStored(int position) {
        return switch (position) {
            case 1 -> "block_hashes";
            case 2 -> "parent_block_hash";
            case 3 -> "token_ids";
            case 4 -> "block_size";
            case 5 -> "lora_id";
            case 6 -> "medium";
            case 7 -> "lora_name";
            default -> "";
        };
    }

    private static KvEvent mapEvent(MessageUnpacker in) throws IOException, MalformedBatchException {
        int fields = in.unpackMapHeader();
        String tag = null;
        Fields values = new Fields();
        for (int i = 0; i < fields; i++) {
            String name = in.unpackString();
            if (name.equals("type")) {
                tag = in.unpackString();
            } else {
                values.read(name, in);
            }
        }
        if (tag == null) {
            throw new MalformedBatchException("an event map has no \"type\" tag");
        }
        return values.event(tag);
    }

    /** The fields of one event, by vLLM's names. */
    private static final class Fields {
        long[] blockHashes = new long[0];
        Long parentBlockHash;
        int[] tokenIds = new int[0];
        int blockSize;
        Integer loraId;
        String medium;
        String loraName;

        void read(String name, MessageUnpacker in) throws IOException, MalformedBatchException {
            switch (name) {
                case "block_hashes" -> blockHashes = hashes(in);
                case "parent_block_hash" -> parentBlockHash = in.tryUnpackNil() ? null : hash(in);
                case "token_ids" -> tokenIds = ints(in);
                case "block_size" -> blockSize = in.unpackInt();
                case "lora_id" -> loraId = optionalInt(in);
                case "medium" -> medium = optionalString(in);
                case "lora_name" -> loraName = optionalString(in);
                default -> in.skipValue();
            }
        }

        KvEvent event(String tag) {
            return switch (tag) {
                case "BlockStored" -> new KvEvent.BlockStored(blockHashes, parentBlockHash, tokenIds, blockSize, loraId,
                        medium, loraName);
                case "BlockRemoved" -> new KvEvent.BlockRemoved(blockHashes, medium);
                case "AllBlocksCleared" -> new KvEvent.AllBlocksCleared();
                default -> null;
            };
        }
    }

    private static long[] hashes(MessageUnpacker in) throws IOException, MalformedBatchException {
        int count = in.unpackArrayHeader();
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = hash(in);
        }
        return hashes;
    }

    /** An int (unsigned 64-bit values wrap into a long) or bytes (the last 8, big-endian: vLLM's int form). */
    private static long hash(MessageUnpacker in) throws IOException, MalformedBatchException {
        MessageFormat format = in.getNextFormat();
        if (format == MessageFormat.UINT64) {
            return in.unpackBigInteger().longValue();
        }
        if (format.getValueType() == ValueType.INTEGER) {
            return in.unpackLong();
        }
        if (format.getValueType() == ValueType.BINARY) {
            byte[] bytes = in.readPayload(in.unpackBinaryHeader());
            long value = 0;
            for (int i = Math.max(0, bytes.length - 8); i < bytes.length; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }
        throw new MalformedBatchException("a block hash is an integer or bytes, got " + format.getValueType());
    }

    private static int[] ints(MessageUnpacker in) throws IOException {
        int count = in.unpackArrayHeader();
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.unpackInt();
        }
        return values;
    }

    private static double number(MessageUnpacker in) throws IOException {
        return in.getNextFormat().getValueType() == ValueType.INTEGER ? in.unpackLong() : in.unpackDouble();
    }

    private static Integer optionalInt(MessageUnpacker in) throws IOException {
        return in.tryUnpackNil() ? null : in.unpackInt();
    }

    private static String optionalString(MessageUnpacker in) throws IOException {
        return in.tryUnpackNil() ? null : in.unpackString();
    }
}
