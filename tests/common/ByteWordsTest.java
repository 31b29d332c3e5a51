package common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteWordsTest {
    private static long word(String eightBytes) {
        return ByteWords.read(eightBytes.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    private static int first(long mask) {
        return mask == 0 ? -1 : Long.numberOfTrailingZeros(mask) >>> 3;
    }

    @Test
    void equalToFindsTheFirstMatchingByte() {
        long quotes = ByteWords.repeated('"');
        assertEquals(-1, first(ByteWords.equalTo(word("abcdefgh"), quotes)));
        assertEquals(3, first(ByteWords.equalTo(word("abc\"ef\"h"), quotes)));
        assertEquals(0, first(ByteWords.equalTo(word("\n\nabcdef"), ByteWords.repeated('\n'))));
    }

    @Test
    void belowOrHighFindsControlAndNonAsciiBytes() {
        assertEquals(-1, first(ByteWords.belowOrHigh(word(" ~!azAZ9"), (char) 0x20)));
        assertEquals(5, first(ByteWords.belowOrHigh(word("abcde\tgh"), (char) 0x20)));
        assertEquals(2, first(ByteWords.belowOrHigh(word("ab\u00e9defgh"), (char) 0x20)));
    }
}
