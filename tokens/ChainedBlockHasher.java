package tokens;

import java.nio.charset.StandardCharsets;

/**
 * The default block hasher: each full block's hash covers its parent's hash and its own token ids,
 * so equal hashes mean equal prefixes (as vLLM's prefix cache keys its blocks).
 *
 * <ul>
 *   <li>{@code h_{-1}} = FNV-1a 64 of the LoRA adapter's name in UTF-8 (the empty string for the
 *       base model), so the same prompt under two adapters never shares a block;</li>
 *   <li>{@code h_i} = mix(... mix(mix(h_{i-1} ^ blockSize) ^ t_0) ... ^ t_{n-1}) over the block's
 *       token ids, where mix is SplitMix64's finaliser (a bijection on 64 bits);</li>
 *   <li>a trailing partial block has no hash.</li>
 * </ul>
 * Deterministic across processes and JVMs (no seed, no identity hash).
 */
public final class ChainedBlockHasher implements BlockHasher {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    @Override
    public long[] hashFullBlocks(int[] tokens, int blockSize, String loraName) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        long[] hashes = new long[tokens.length / blockSize];
        long parent = rootHash(loraName);
        for (int b = 0; b < hashes.length; b++) {
            long h = mix(parent ^ blockSize);
            for (int i = b * blockSize, end = i + blockSize; i < end; i++) {
                h = mix(h ^ (tokens[i] & 0xFFFFFFFFL));
            }
            hashes[b] = h;
            parent = h;
        }
        return hashes;
    }

    static long rootHash(String loraName) {
        long h = FNV_OFFSET;
        for (byte b : (loraName == null ? "" : loraName).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
