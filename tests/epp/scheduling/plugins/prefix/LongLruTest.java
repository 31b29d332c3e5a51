package epp.scheduling.plugins.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLruTest {
    @Test
    void evictsTheLeastRecentlyAddedOrTouchedKey() {
        LongLru lru = new LongLru(3);
        List<Long> evicted = new ArrayList<>();
        assertTrue(lru.add(1, evicted::add));
        assertTrue(lru.add(2, evicted::add));
        assertTrue(lru.add(3, evicted::add));
        assertFalse(lru.add(1, evicted::add), "already held: only made most recent");
        assertTrue(lru.add(4, evicted::add));

        assertEquals(List.of(2L), evicted);
        assertEquals(3, lru.size());
        assertEquals(List.of(3L, 1L, 4L), keys(lru));
        assertFalse(lru.contains(2));
    }

    @Test
    void capacityOneKeepsOnlyTheLastKey() {
        LongLru lru = new LongLru(1);
        List<Long> evicted = new ArrayList<>();
        lru.add(0, evicted::add);
        lru.add(5, evicted::add);
        lru.add(5, evicted::add);

        assertEquals(List.of(0L), evicted);
        assertEquals(List.of(5L), keys(lru));
        assertThrows(IllegalArgumentException.class, () -> new LongLru(0));
    }

    @Test
    void behavesLikeAnAccessOrderedLinkedHashMap() {
        int capacity = 500; // more than the initial node arrays, so they grow
        Random random = new Random(7);
        LongLru lru = new LongLru(capacity);
        List<Long> evicted = new ArrayList<>();
        List<Long> expectedEvicted = new ArrayList<>();
        Map<Long, Boolean> expected = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                if (size() > capacity) {
                    expectedEvicted.add(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
        for (int op = 0; op < 100_000; op++) {
            long key = random.nextInt(800) - 50;
            assertEquals(expected.put(key, Boolean.TRUE) == null, lru.add(key, evicted::add));
            assertEquals(expected.size(), lru.size());
        }
        assertEquals(expectedEvicted, evicted);
        assertEquals(new ArrayList<>(expected.keySet()), keys(lru));
    }

    private static List<Long> keys(LongLru lru) {
        List<Long> keys = new ArrayList<>();
        lru.forEach(keys::add);
        return keys;
    }
}
