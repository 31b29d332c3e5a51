package bench.routingbench;

import java.util.Random;

/** Random prompt text: 4-letter lower-case words, one simulator token each ("abcd "). */
final class RandomText {
    private RandomText() {
    }

    /** {@code tokens} tokens of text (4 characters each: three letters and a space). */
    static String words(Random random, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 4);
        for (int i = 0; i < tokens; i++) {
            text.append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26)))
                    .append((char) ('a' + random.nextInt(26))).append(' ');
        }
        return text.toString();
    }

    /** A log-normal length with the given median and shape, clamped to [min, max]. */
    static int logNormal(Random random, double median, double sigma, int min, int max) {
        double value = median * Math.exp(sigma * random.nextGaussian());
        return (int) Math.max(min, Math.min(max, Math.round(value)));
    }
}
