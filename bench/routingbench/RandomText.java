package bench.routingbench;

import java.util.List;
import java.util.Random;

/**
 * Random prompt text whose length in tokens is the same for every router's simulators: words drawn
 * from {@link #WORDS}, each one token both for the simulator's default tokenizer (4 bytes a token:
 * three letters and a space) and for the project's tiny BPE tokenizer (tokens/tiny, which the
 * simulators use when they publish KV events for the precise prefix-cache scorer).
 */
final class RandomText {
    /**
     * The three-letter words of the tiny tokenizer's vocabulary that it encodes as one token
     * (RandomTextTokensTest checks both tokenizers). Random three-letter words would be about three
     * tiny-tokenizer tokens each, tripling prompts for the routers whose simulators tokenize.
     */
    static final List<String> WORDS = List.of("the", "and", "ing", "ers", "our", "you");

    private RandomText() {
    }

    /** {@code tokens} tokens of text: that many words, each followed by a space. */
    static String words(Random random, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 4);
        for (int i = 0; i < tokens; i++) {
            text.append(WORDS.get(random.nextInt(WORDS.size()))).append(' ');
        }
        return text.toString();
    }

    /** A log-normal length with the given median and shape, clamped to [min, max]. */
    static int logNormal(Random random, double median, double sigma, int min, int max) {
        double value = median * Math.exp(sigma * random.nextGaussian());
        return (int) Math.max(min, Math.min(max, Math.round(value)));
    }
}
