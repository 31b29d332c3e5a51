package epp.scheduling.plugins.prefix;

import epp.scheduling.AsciiText;
import epp.scheduling.RequestBody;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Splits a request's prompt into blocks and chains their XXH64 hashes (epp.md §5.4), exactly as the
 * reference does so hashes mean the same in both:
 * <ul>
 *   <li>input: completions ⇒ UTF-8 of {@code prompt}; chat ⇒ Go-JSON of the messages;</li>
 *   <li>shorter than one block ⇒ no hashes; only the first {@code maxBlocks × blockSize} bytes count;</li>
 *   <li>{@code h0 = XXH64(targetModel ‖ cacheSalt)}; {@code h_i = XXH64(block_i ‖ littleEndian64(h_{i−1}))}
 *       for every full block, a trailing partial block is dropped; h0 itself is not returned.</li>
 * </ul>
 */
public final class PromptHasher {
    private static final XXHash64 XXH64 = XXHashFactory.safeInstance().hash64();
    private static final long SEED = 0;
    private static final long[] NONE = new long[0];

    private PromptHasher() {}

    public static long[] hash(String targetModel, RequestBody body, int blockSize, int maxBlocks) {
        if (body == null) {
            return NONE;
        }
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, (long) blockSize * maxBlocks);
        BoundedBytes input = userInput(body, limit);
        if (input.size() < blockSize) {
            return NONE;
        }
        long previous = seedHash(targetModel, body.cacheSalt());
        long[] hashes = new long[input.size() / blockSize];
        byte[] block = new byte[blockSize + Long.BYTES];
        for (int i = 0; i < hashes.length; i++) {
            System.arraycopy(input.array(), i * blockSize, block, 0, blockSize);
            putLongLittleEndian(block, blockSize, previous);
            previous = XXH64.hash(block, 0, block.length, SEED);
            hashes[i] = previous;
        }
        return hashes;
    }

    /** The bytes that are hashed, cut at {@code limit}. */
    static BoundedBytes userInput(RequestBody body, int limit) {
        if (body instanceof RequestBody.Completions completions) {
            CharSequence prompt = completions.prompt();
            BoundedBytes out = new BoundedBytes(limit, prompt.length());
            if (prompt instanceof AsciiText ascii) {
                out.putAscii(ascii);
            } else {
                out.putUtf8(prompt.toString());
            }
            return out;
        }
        BoundedBytes out = new BoundedBytes(limit, 4096);
        GoJsonMessages.write(((RequestBody.ChatCompletions) body).messages(), out);
        return out;
    }

    private static long seedHash(String targetModel, String cacheSalt) {
        BoundedBytes seed = new BoundedBytes(Integer.MAX_VALUE, 64);
        if (targetModel != null) {
            seed.putUtf8(targetModel);
        }
        if (cacheSalt != null) {
            seed.putUtf8(cacheSalt);
        }
        return XXH64.hash(seed.array(), 0, seed.size(), SEED);
    }

    private static void putLongLittleEndian(byte[] bytes, int offset, long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
