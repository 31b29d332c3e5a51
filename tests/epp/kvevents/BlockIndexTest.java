package epp.kvevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.EndpointId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockIndexTest {
    private final EndpointId a = new EndpointId("ns", "a", 0);
    private final EndpointId b = new EndpointId("ns", "b", 0);
    private final EndpointId c = new EndpointId("ns", "c", 0);

    @Test
    void longestRunCountsConsecutiveBlocksFromTheStart() {
        BlockIndex index = new BlockIndex(100, 10);
        index.add(new long[] {1, 2, 3, 4}, a);
        index.add(new long[] {1, 2}, b);
        index.add(new long[] {2, 3, 4}, c); // holds later blocks but not the first: no prefix
        assertEquals(Map.of(a, 4, b, 2), index.longestPrefixRuns(new long[] {1, 2, 3, 4, 5}));
    }

    @Test
    void aHoleEndsTheRun() {
        BlockIndex index = new BlockIndex(100, 10);
        index.add(new long[] {1, 2, 3, 4}, a);
        index.remove(new long[] {2}, a);
        assertEquals(Map.of(a, 1), index.longestPrefixRuns(new long[] {1, 2, 3, 4}));
        assertEquals(Map.of(), index.longestPrefixRuns(new long[] {9, 1}));
    }

    @Test
    void theLeastRecentlyUsedBlockIsEvictedAtCapacity() {
        BlockIndex index = new BlockIndex(3, 10);
        index.add(new long[] {1, 2, 3}, a);
        index.longestPrefixRuns(new long[] {1}); // 1 is used again: 2 is now the oldest
        index.add(new long[] {4}, a);
        assertEquals(3, index.size());
        assertEquals(1, index.evictions());
        assertFalse(index.contains(2, a));
        assertTrue(index.contains(1, a));
        assertTrue(index.contains(4, a));
    }

    @Test
    void holdersPerBlockAreCappedOldestReplaced() {
        BlockIndex index = new BlockIndex(10, 2);
        index.add(new long[] {1}, a);
        index.add(new long[] {1}, b);
        index.add(new long[] {1}, c);
        assertArrayEquals(new EndpointId[] {b, c}, index.holders(1));
    }

    @Test
    void removingAnEndpointKeepsOtherHolders() {
        BlockIndex index = new BlockIndex(10, 10);
        index.add(new long[] {1, 2}, a);
        index.add(new long[] {2}, b);
        index.removeEndpoint(a);
        assertEquals(1, index.size());
        assertArrayEquals(new EndpointId[] {b}, index.holders(2));
        assertArrayEquals(new EndpointId[0], index.holders(1));
    }

    @Test
    void removingABlockOneHolderLeavesTheOthers() {
        BlockIndex index = new BlockIndex(10, 10);
        index.add(new long[] {1}, a);
        index.add(new long[] {1}, b);
        index.remove(new long[] {1}, a);
        assertArrayEquals(new EndpointId[] {b}, index.holders(1));
        index.remove(new long[] {1, 77}, b);
        assertEquals(0, index.size());
    }
}
