package sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block pool: prefix reuse, usage, and LRU eviction of blocks no request holds. */
class KvCacheTest {
    private final List<String> events = new ArrayList<>();
    private final KvEventSink sink = new KvEventSink() {
        @Override
        public void blockStored(long[] hashes, Long parentHash, int[] tokenIds, int blockSize, Integer loraId, String loraName) {
            for (long h : hashes) {
                events.add("stored " + h);
            }
        }

        @Override
        public void blockRemoved(long[] hashes) {
            for (long h : hashes) {
                events.add("removed " + h);
            }
        }

        @Override
        public void allBlocksCleared() {
            events.add("cleared");
        }
    };

    /** Hashes stand for blocks: 1,2,3 is a prompt of three full blocks (block size 16). */
    private KvCache.Allocation admit(KvCache cache, long... hashes) {
        return cache.allocate(hashes, new int[hashes.length * 16], hashes.length * 16 + 1, hashes.length * 16 + 1, null, null);
    }

    @Test
    void heldBlocksCountAsUsedAndFreedOnesStayCachedButFree() {
        KvCache cache = new KvCache(8, 16, sink);
        KvCache.Allocation a = admit(cache, 1, 2, 3); // 3 full blocks + 1 partial
        assertEquals(0.5, cache.usage());
        cache.release(a);
        assertEquals(0.0, cache.usage());
        assertEquals(3, cache.cachedBlocks());
        KvCache.Allocation again = admit(cache, 1, 2, 3);
        assertEquals(48, again.hitTokens);
    }

    @Test
    void evictsTheLeastRecentlyFreedBlocksTailFirst() {
        KvCache cache = new KvCache(6, 16, sink);
        cache.release(admit(cache, 1, 2)); // freed: 2 then 1 (tail first)
        cache.release(admit(cache, 3, 4)); // freed: 4 then 3
        events.clear();

        KvCache.Allocation c = admit(cache, 5, 6, 7); // 4 blocks: 2 free slots + evicts 2 and 1
        assertNotNull(c);
        // new blocks are announced once the prompt's run of them is placed
        assertEquals(List.of("removed 2", "stored 5", "stored 6", "stored 7", "removed 1"), events);
        assertFalse(cache.isCached(1));
        assertTrue(cache.isCached(3) && cache.isCached(4));
        cache.release(c);
        assertEquals(0, admit(cache, 1, 2).hitTokens);
    }

    @Test
    void reusingABlockRefreshesIt() {
        KvCache cache = new KvCache(6, 16, sink);
        cache.release(admit(cache, 1, 2));
        cache.release(admit(cache, 3, 4));
        cache.release(admit(cache, 1, 2, 9)); // 1 and 2 are used again: now most recently freed
        events.clear();

        admit(cache, 5, 6); // 3 blocks: evicts from 3,4 first (after the uncached ones)
        assertFalse(cache.isCached(4));
        assertFalse(cache.isCached(3));
        assertTrue(cache.isCached(1) && cache.isCached(2) && cache.isCached(9));
    }

    @Test
    void blocksHeldByRunningRequestsAreNeverEvicted() {
        KvCache cache = new KvCache(4, 16, sink);
        KvCache.Allocation held = admit(cache, 1, 2); // 3 blocks held
        assertNull(admit(cache, 5, 6), "needs 3 blocks, 1 free");
        assertTrue(cache.isCached(1) && cache.isCached(2));
        cache.release(held);
        assertNotNull(admit(cache, 5, 6));
    }
}
