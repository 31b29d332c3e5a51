package epp.scheduling.plugins.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {
    private static final int MISSING = -7;

    @Test
    void putGetReplaceAndRemove() {
        LongIntHashMap map = new LongIntHashMap();
        map.put(42, 1);
        map.put(-5, 2);
        map.put(42, 3);

        assertEquals(3, map.get(42, MISSING));
        assertEquals(2, map.get(-5, MISSING));
        assertEquals(MISSING, map.get(43, MISSING));
        assertEquals(2, map.size());
        assertEquals(3, map.remove(42, MISSING));
        assertEquals(MISSING, map.remove(42, MISSING));
        assertFalse(map.containsKey(42));
        assertEquals(1, map.size());
    }

    @Test
    void zeroIsAnOrdinaryKey() {
        LongIntHashMap map = new LongIntHashMap();
        assertFalse(map.containsKey(0));
        map.put(0, 9);
        map.put(1, 8);

        assertTrue(map.containsKey(0));
        assertEquals(9, map.get(0, MISSING));
        assertEquals(2, map.size());
        Set<Long> keys = new HashSet<>();
        map.forEachKey(keys::add);
        assertEquals(Set.of(0L, 1L), keys);
        assertEquals(9, map.remove(0, MISSING));
        assertEquals(MISSING, map.get(0, MISSING));
        assertEquals(1, map.size());
    }

    @Test
    void removingFromAProbeRunThatWrapsAroundKeepsTheRestReachable() {
        // 16 slots; keys whose home (the map's Fibonacci hashing) is the last slot or the first, put
        // alternately, so one probe run wraps from slot 15 to 0, 1, ...
        LongIntHashMap map = new LongIntHashMap(8);
        long[] keys = new long[8];
        int found = 0;
        int[] perHome = new int[2];
        for (long candidate = 1; found < keys.length; candidate++) {
            int home = (int) ((candidate * 0x9E3779B97F4A7C15L) >>> 60);
            int group = home == 15 ? 0 : home == 0 ? 1 : -1;
            if (group >= 0 && perHome[group] < 4 && found % 2 == group) {
                perHome[group]++;
                keys[found++] = candidate;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i);
        }
        for (int removed : new int[] {0, 3, 4, 7, 1}) {
            assertEquals(removed, map.remove(keys[removed], MISSING));
        }
        for (int i = 0; i < keys.length; i++) {
            boolean gone = i == 0 || i == 3 || i == 4 || i == 7 || i == 1;
            assertEquals(gone ? MISSING : i, map.get(keys[i], MISSING), "key " + i);
        }
        assertEquals(3, map.size());
    }

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        Random random = new Random(12);
        LongIntHashMap map = new LongIntHashMap();
        Map<Long, Integer> expected = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            // A small key range forces collisions, re-puts and removals of present keys; some keys are 0.
            long key = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(3000) - 100;
            switch (random.nextInt(3)) {
                case 0 -> {
                    int value = random.nextInt();
                    map.put(key, value);
                    expected.put(key, value);
                }
                case 1 -> {
                    Integer removed = expected.remove(key);
                    assertEquals(removed == null ? MISSING : removed, map.remove(key, MISSING));
                }
                default -> assertEquals(expected.getOrDefault(key, MISSING), map.get(key, MISSING));
            }
            assertEquals(expected.size(), map.size());
        }
        for (Map.Entry<Long, Integer> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), map.get(entry.getKey(), MISSING));
        }
        Set<Long> keys = new HashSet<>();
        map.forEachKey(keys::add);
        assertEquals(expected.keySet(), keys);
    }
}
