package epp.scheduling.plugins;

import java.util.random.RandomGenerator;

/** Fisher–Yates shuffle with an injected generator (java.util.Collections only takes a Random). */
final class Shuffle {
    private Shuffle() {}

    static <T> void inPlace(T[] items, RandomGenerator random) {
        for (int i = items.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = items[i];
            items[i] = items[j];
            items[j] = swap;
        }
    }
}
