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
        if (body instanceof RequestBody.Completions completions && completions.prompt() instanceof AsciiText ascii) {
            // Its characters are its UTF-8 bytes: the blocks are copied from the view, with no input buffer.
            return chain(targetModel, body.cacheSalt(), (int) Math.min(limit, ascii.length()), blockSize,
                    (from, block) -> ascii.copyTo(from, block, 0, blockSize));
        }
        BoundedBytes input = userInput(body, limit);
        return chain(targetModel, body.cacheSalt(), input.size(), blockSize,
                (from, block) -> System.arraycopy(input.array(), from, block, 0, blockSize));
    }

    /** Copies the {@code blockSize} input bytes at {@code from} to the start of {@code block}. */
    private interface BlockSource {
        void copy(int from, byte[] block);
    }

    private static long[] chain(String targetModel, String cacheSalt, int inputSize, int blockSize, BlockSource input) {
        if (inputSize < blockSize) {
            return NONE;
        }
        long previous = seedHash(targetModel, cacheSalt);
        long[] hashes = new long[inputSize / blockSize];
        byte[] block = new byte[blockSize + Long.BYTES];
        for (int i = 0; i < hashes.length; i++) {
            input.copy(i * blockSize, block);
            putLongLittleEndian(block, blockSize, previous);
            previous = XXH64.hash(block, 0, block.length, SEED);
            hashes[i] = previous;
        }
        return hashes;
    }

    /** The bytes that are hashed, cut at {@code limit}. */
    static BoundedBytes userInput(RequestBody body, int limit) {
        if (body instanceof RequestBody.Completions completions) {
            String prompt = completions.prompt().toString();
            BoundedBytes out = new BoundedBytes(limit, prompt.length());
            out.putUtf8(prompt);
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
