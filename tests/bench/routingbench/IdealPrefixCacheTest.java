package bench.routingbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ideal (pool-wide, unbounded) prefix cache counts hits as the simulators do: leading full blocks, in tokens. */
class IdealPrefixCacheTest {
    private static final String SYSTEM = "the and ".repeat(8 * 3); // 48 tokens: 3 blocks of 16
    private static final String QUESTION_A = "you our ".repeat(8); // 16 tokens: 1 block
    private static final String QUESTION_B = "ers ing ".repeat(8);

    @Test
    void aFirstPromptMissesEverywhere() {
        assertEquals(0, new IdealPrefixCache(16, 0).serve(List.of(SYSTEM + QUESTION_A)));
    }

    @Test
    void aRepeatedPromptHitsAllButTheBlockHoldingItsLastToken() {
        IdealPrefixCache cache = new IdealPrefixCache(16, 0);
        cache.serve(List.of(SYSTEM + QUESTION_A));
        // 64 tokens: vLLM computes the last one, so 3 of the 4 blocks are reused
        assertEquals(48, cache.serve(List.of(SYSTEM + QUESTION_A)));
    }

    @Test
    void aNewQuestionAfterASeenSystemPromptHitsTheSystemPromptsBlocks() {
        IdealPrefixCache cache = new IdealPrefixCache(16, 0);
        assertEquals(48, cache.serve(List.of(SYSTEM + QUESTION_A, SYSTEM + QUESTION_B)));
    }

    @Test
    void aBlockHitsOnlyAfterItsWholePrefixWasSeen() {
        IdealPrefixCache cache = new IdealPrefixCache(16, 0);
        cache.serve(List.of(SYSTEM + QUESTION_A));
        // the same later blocks behind another first block are other KV blocks
        assertEquals(0, cache.serve(List.of(QUESTION_B + SYSTEM.substring(64) + QUESTION_A)));
    }

    @Test
    void aLeadingBosTokenShiftsTheBlocks() {
        IdealPrefixCache cache = new IdealPrefixCache(16, 1);
        cache.serve(List.of(SYSTEM + QUESTION_A));
        // 65 tokens with BOS: all 4 full blocks can be reused, the last token is computed
        assertEquals(64, cache.serve(List.of(SYSTEM + QUESTION_A)));
        // BOS + 47 system words fill 3 blocks; the 4th holds the last system word and 15 of the question
        assertEquals(48, cache.serve(List.of(SYSTEM + QUESTION_B)));
        assertEquals(2 * 65, cache.tokens(List.of(SYSTEM + QUESTION_A, SYSTEM + QUESTION_B)));
    }
}
