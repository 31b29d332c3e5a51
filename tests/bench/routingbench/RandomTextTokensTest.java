package bench.routingbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tokens.ByteChunkTokenizer;
import tokens.HuggingFaceTokenizer;

/**
 * The benchmark's prompts are as long in tokens as the workload says for every router: the
 * simulators' default tokenizer (4 bytes a token) and the tiny BPE tokenizer of the precise
 * prefix-cache line count one token per word. If the words or the tokenizer change so that the
 * counts drift apart, the routers would be compared on different prompt lengths.
 */
class RandomTextTokensTest {
    private static final Path TINY = Path.of("tokens/tiny/tokenizer.json");
    private static HuggingFaceTokenizer tiny;
    private static HuggingFaceTokenizer tinyWithBos;

    @BeforeAll
    static void load() throws IOException {
        tiny = HuggingFaceTokenizer.load(TINY, false);
        tinyWithBos = HuggingFaceTokenizer.load(TINY, true);
    }

    @AfterAll
    static void close() {
        tiny.close();
        tinyWithBos.close();
    }

    @Test
    void everyWordIsOneTokenForBothTokenizers() {
        for (String word : RandomText.WORDS) {
            assertEquals(1, tiny.encode(word).length, word + " under the tiny tokenizer");
            assertEquals(1, ByteChunkTokenizer.count(word + " "), word + " under the simulator's default tokenizer");
        }
    }

    @Test
    void textOfNWordsIsNTokensForBothTokenizers() {
        Random random = new Random(7);
        for (int n : List.of(1, 16, 64, 333, 1536)) {
            String text = RandomText.words(random, n);
            assertEquals(n, tiny.encode(text).length, "tiny tokenizer, " + n + " words");
            assertEquals(n, ByteChunkTokenizer.count(text), "default tokenizer, " + n + " words");
        }
    }

    @Test
    void sharedPrefixPromptsAreTheSystemPromptAndQuestionLengthsForEveryRouter() {
        Workload workload = BenchPlan.sharedPrefix(42);
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            String prompt = workload.next(random).prompt();
            assertEquals(1536 + 64, ByteChunkTokenizer.count(prompt), "default tokenizer");
            assertEquals(1536 + 64, tiny.encode(prompt).length, "tiny tokenizer");
            // As vLLM encodes a completion's prompt: the tokenizer's BOS first, the same for every prompt.
            assertEquals(1 + 1536 + 64, tinyWithBos.encode(prompt).length, "tiny tokenizer with BOS");
        }
    }

    @Test
    void lengthMixPromptsHaveTheSameTokenCountUnderBothTokenizers() {
        Workload workload = BenchPlan.shareGptLike();
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            String prompt = workload.next(random).prompt();
            assertEquals(ByteChunkTokenizer.count(prompt), tiny.encode(prompt).length, prompt);
        }
    }
}
