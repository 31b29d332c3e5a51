package bench.routingbench;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tokens.ByteChunkTokenizer;

/**
 * The prefix-cache hits no router can beat: one unbounded cache shared by the whole pool, so every
 * full KV block of a prompt is a hit when an earlier request of the run (since the pool started,
 * any stage) had the same prefix up to the end of that block. Counted as the simulators count
 * (in the workload's tokens: {@link ByteChunkTokenizer}'s 4 bytes, blocks of {@code blockSize}
 * tokens, the prompt's last token always computed, as vLLM does), in arrival order. It ignores
 * the pool's finite KV cache (4 pods × kv-cache-size blocks) and that concurrent requests cannot
 * share blocks still being computed, so a real router stays somewhat below it.
 */
final class IdealPrefixCache {
    private final int blockTokens;
    private final int leadingTokens;
    private final Set<Long> cached = new HashSet<>();

    IdealPrefixCache(int blockSize, int leadingTokens) {
        this.blockTokens = blockSize;
        this.leadingTokens = leadingTokens;
    }

    /** The prompt tokens the pods count for {@code prompts}. */
    long tokens(List<String> prompts) {
        return prompts.stream().mapToLong(p -> ByteChunkTokenizer.count(p) + leadingTokens).sum();
    }

    /** The hit tokens of {@code prompts}, served one after the other; each one's blocks are cached afterwards. */
    long serve(List<String> prompts) {
        long hits = 0;
        for (String prompt : prompts) {
            hits += serve(prompt);
        }
        return hits;
    }

    private long serve(String prompt) {
        // the leading tokens as 4-byte chunks the text cannot contain (0 bytes), then the text's
        byte[] text = prompt.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[leadingTokens * ByteChunkTokenizer.BYTES_PER_TOKEN + text.length];
        System.arraycopy(text, 0, bytes, bytes.length - text.length, text.length);
        int tokens = ByteChunkTokenizer.count(prompt) + leadingTokens;
        int blockBytes = blockTokens * ByteChunkTokenizer.BYTES_PER_TOKEN;
        int hittable = Math.max(0, tokens - 1) / blockTokens;
        int fullBlocks = bytes.length / blockBytes;
        long hash = 0xcbf29ce484222325L; // FNV-1a 64 over the prefix, so a block's key names everything before it
        boolean stillHitting = true;
        long hits = 0;
        for (int b = 0; b < fullBlocks; b++) {
            for (int i = b * blockBytes; i < (b + 1) * blockBytes; i++) {
                hash = (hash ^ (bytes[i] & 0xff)) * 0x100000001b3L;
            }
            boolean seen = !cached.add(hash);
            if (stillHitting && seen && b < hittable) {
                hits += blockTokens;
            } else {
                stillHitting = false;
            }
        }
        return hits;
    }
}
