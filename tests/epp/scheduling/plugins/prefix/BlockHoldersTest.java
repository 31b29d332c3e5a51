package epp.scheduling.plugins.prefix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockHoldersTest {
    @Test
    void oneHolderThenSeveralThenOneAgain() {
        BlockHolders holders = new BlockHolders();
        holders.add(7, 0);
        holders.add(7, 0);
        assertArrayEquals(new int[] {0}, holders.holders(7));

        holders.add(7, 3);
        holders.add(7, 5);
        holders.add(7, 3);
        assertArrayEquals(new int[] {0, 3, 5}, sorted(holders.holders(7)));

        holders.remove(7, 0);
        holders.remove(7, 9); // not a holder: nothing changes
        assertArrayEquals(new int[] {3, 5}, sorted(holders.holders(7)));
        holders.remove(7, 5);
        assertArrayEquals(new int[] {3}, holders.holders(7));
        holders.remove(7, 3);
        assertArrayEquals(new int[0], holders.holders(7));
        assertEquals(0, holders.size());
    }

    @Test
    void countHoldersAddsOnePerHolderAndTellsWhenThereIsNone() {
        BlockHolders holders = new BlockHolders();
        holders.add(1, 0);
        holders.add(1, 2);
        holders.add(2, 2);
        int[] counts = new int[3];

        assertTrue(holders.countHolders(1, counts));
        assertTrue(holders.countHolders(2, counts));
        assertFalse(holders.countHolders(3, counts));
        assertArrayEquals(new int[] {1, 0, 2}, counts);
    }

    @Test
    void matchesASetPerHashUnderRandomOperations() {
        Random random = new Random(3);
        BlockHolders holders = new BlockHolders();
        Map<Long, Set<Integer>> expected = new HashMap<>();
        for (int op = 0; op < 100_000; op++) {
            long hash = random.nextInt(200);
            int slot = random.nextInt(6);
            if (random.nextBoolean()) {
                holders.add(hash, slot);
                expected.computeIfAbsent(hash, h -> new HashSet<>()).add(slot);
            } else {
                holders.remove(hash, slot);
                Set<Integer> set = expected.get(hash);
                if (set != null && set.remove(slot) && set.isEmpty()) {
                    expected.remove(hash);
                }
            }
        }
        assertEquals(expected.size(), holders.size());
        for (long hash = 0; hash < 200; hash++) {
            Set<Integer> actual = new HashSet<>();
            for (int slot : holders.holders(hash)) {
                actual.add(slot);
            }
            assertEquals(expected.getOrDefault(hash, Set.of()), actual, "hash " + hash);
        }
    }

    private static int[] sorted(int[] slots) {
        int[] copy = slots.clone();
        Arrays.sort(copy);
        return copy;
    }
}
