package tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The project's tiny BPE tokenizer (tokens/tiny/tokenizer.json) through the Hugging Face library. */
class HuggingFaceTokenizerTest {
    static final Path TINY = Path.of("tokens/tiny/tokenizer.json");

    @Test
    void encodesWithTheVocabularyAndMergesOfTheFile() throws IOException {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(TINY, false)) {
            // "the" and "and" are merged words, "c" a character, "at" a merged pair (ids from make_tiny_tokenizer.py)
            assertArrayEquals(new int[] {139, 69, 104, 140, 139}, tokenizer.encode("the cat and the"));
        }
    }

    @Test
    void specialTokensAreAddedOnlyWhenAsked() throws IOException {
        try (HuggingFaceTokenizer withBos = HuggingFaceTokenizer.load(TINY, true);
             HuggingFaceTokenizer without = HuggingFaceTokenizer.load(TINY, false)) {
            assertArrayEquals(new int[] {0, 139}, withBos.encode("the"));
            assertArrayEquals(new int[] {139}, without.encode("the"));
        }
    }

    @Test
    void longTextIsNeverTruncated() throws IOException {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(TINY, false)) {
            assertEquals(5000, tokenizer.encode("x ".repeat(5000)).length);
        }
    }

    @Test
    void aMissingFileIsNamed() {
        IOException e = assertThrows(IOException.class, () -> HuggingFaceTokenizer.load(Path.of("no/such/tokenizer.json"), false));
        assertTrue(e.getMessage().contains("no/such/tokenizer.json"), e.getMessage());
    }
}
