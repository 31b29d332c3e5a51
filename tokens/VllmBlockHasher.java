package tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * vLLM's prefix-cache block hashes (vllm/v1/core/kv_cache_utils.py, hash_block_tokens), for
 * {@code --prefix-caching-hash-algo sha256_cbor}:
 * <pre>
 *   NONE_HASH = sha256(cbor(PYTHONHASHSEED as a text string))
 *   hash_i    = sha256(cbor((hash_{i-1} or NONE_HASH, tuple(block_i token ids), extra_keys_i)))
 * </pre>
 * with cbor2's canonical encoding: a 3-element array of a byte string (32 bytes), an array of
 * unsigned integers and either null or an array of the block's extra keys (the LoRA name on every
 * block, then the cache salt on the first block only). Only full blocks are hashed.
 *
 * <p>KV events and {@link #hashFullBlocks} carry the 64-bit form vLLM publishes by default
 * (VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES): the digest's last 8 bytes read big-endian.
 *
 * <p>The other algorithms cannot be reproduced here: {@code builtin} (older vLLM's default) is
 * Python's {@code hash()} of a tuple, salted per process; {@code sha256} hashes Python's pickle
 * serialization; {@code xxhash}/{@code xxhash_cbor} use xxh3-128, which no dependency provides.
 * The CBOR is written by hand: the structure is fixed, and the scorer hashes every prompt block on
 * the request path without allocating an encoder per block.
 */
public final class VllmBlockHasher implements BlockHasher {
    public static final String SHA256_CBOR = "sha256_cbor";

    private final byte[] noneHash;

    private VllmBlockHasher(byte[] noneHash) {
        this.noneHash = noneHash;
    }

    /**
     * @param algorithm vLLM's {@code --prefix-caching-hash-algo}; only {@code sha256_cbor} is supported
     * @param hashSeed  the model server's {@code PYTHONHASHSEED}; vLLM draws a random seed when it is unset
     * @throws IllegalArgumentException naming what cannot be reproduced and what to configure instead
     */
    public static VllmBlockHasher of(String algorithm, String hashSeed) {
        if (!SHA256_CBOR.equals(algorithm)) {
            throw new IllegalArgumentException("hash algorithm \"" + algorithm + "\" cannot be reproduced outside vLLM ("
                    + whyNot(algorithm) + "); run vLLM with --prefix-caching-hash-algo sha256_cbor and use " + SHA256_CBOR);
        }
        if (hashSeed == null) {
            throw new IllegalArgumentException("no hash seed: without PYTHONHASHSEED vLLM seeds its block hashes "
                    + "with random bytes; set PYTHONHASHSEED on the model servers and the same value as the hash seed");
        }
        CborWriter cbor = new CborWriter();
        cbor.text(hashSeed);
        return new VllmBlockHasher(sha256(cbor));
    }

    private static String whyNot(String algorithm) {
        return switch (algorithm == null ? "" : algorithm) {
            case "builtin" -> "Python's built-in hash() is salted per process";
            case "sha256" -> "it hashes Python's pickle serialization";
            case "xxhash", "xxhash_cbor" -> "xxh3-128 is not available here";
            default -> "unknown algorithm";
        };
    }

    @Override
    public long[] hashFullBlocks(int[] tokens, int blockSize, String loraName) {
        return hashFullBlocks(tokens, blockSize, loraName, null);
    }

    /** The 64-bit (KV event) form of every full block's hash. */
    public long[] hashFullBlocks(int[] tokens, int blockSize, String loraName, String cacheSalt) {
        byte[][] full = blockHashes(tokens, blockSize, loraName, cacheSalt);
        long[] external = new long[full.length];
        for (int i = 0; i < full.length; i++) {
            external[i] = externalForm(full[i]);
        }
        return external;
    }

    /** The 32-byte hash of every full block, chained from NONE_HASH. */
    public byte[][] blockHashes(int[] tokens, int blockSize, String loraName, String cacheSalt) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        int blocks = tokens.length / blockSize;
        byte[][] hashes = new byte[blocks][];
        byte[] parent = noneHash;
        CborWriter cbor = new CborWriter();
        boolean lora = loraName != null && !loraName.isEmpty();
        boolean salt = cacheSalt != null && !cacheSalt.isEmpty();
        for (int b = 0; b < blocks; b++) {
            cbor.reset();
            cbor.head(CborWriter.ARRAY, 3);
            cbor.bytes(parent);
            cbor.head(CborWriter.ARRAY, blockSize);
            for (int t = b * blockSize, end = t + blockSize; t < end; t++) {
                cbor.integer(tokens[t]);
            }
            int extraKeys = (lora ? 1 : 0) + (salt && b == 0 ? 1 : 0);
            if (extraKeys == 0) {
                cbor.nullValue();
            } else {
                cbor.head(CborWriter.ARRAY, extraKeys);
                if (lora) {
                    cbor.text(loraName);
                }
                if (salt && b == 0) {
                    cbor.text(cacheSalt);
                }
            }
            parent = sha256(cbor);
            hashes[b] = parent;
        }
        return hashes;
    }

    /** vLLM's maybe_convert_block_hash: the last 8 bytes of the hash, big-endian, as an unsigned 64-bit value. */
    public static long externalForm(byte[] hash) {
        long value = 0;
        for (int i = Math.max(0, hash.length - 8); i < hash.length; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }

    byte[] noneHash() {
        return noneHash.clone();
    }

    private static byte[] sha256(CborWriter cbor) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(cbor.buffer, 0, cbor.length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The few CBOR items a block-hash input has, in canonical (shortest-head) form (RFC 8949 §4.2.1). */
    static final class CborWriter {
        static final int UNSIGNED = 0;
        static final int NEGATIVE = 1;
        static final int BYTES = 2;
        static final int TEXT = 3;
        static final int ARRAY = 4;

        byte[] buffer = new byte[256];
        int length;

        void reset() {
            length = 0;
        }

        void integer(long value) {
            if (value >= 0) {
                head(UNSIGNED, value);
            } else {
                head(NEGATIVE, -1 - value);
            }
        }

        void bytes(byte[] value) {
            head(BYTES, value.length);
            append(value);
        }

        void text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(TEXT, utf8.length);
            append(utf8);
        }

        void nullValue() {
            ensure(1);
            buffer[length++] = (byte) 0xf6;
        }

        void head(int major, long argument) {
            ensure(9);
            int type = major << 5;
            if (argument < 24) {
                buffer[length++] = (byte) (type | argument);
            } else if (argument < 0x100) {
                buffer[length++] = (byte) (type | 24);
                buffer[length++] = (byte) argument;
            } else if (argument < 0x10000) {
                buffer[length++] = (byte) (type | 25);
                putBigEndian(argument, 2);
            } else if (argument < 0x100000000L) {
                buffer[length++] = (byte) (type | 26);
                putBigEndian(argument, 4);
            } else {
                buffer[length++] = (byte) (type | 27);
                putBigEndian(argument, 8);
            }
        }

        private void putBigEndian(long value, int size) {
            for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        private void append(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, buffer, length, value.length);
            length += value.length;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
