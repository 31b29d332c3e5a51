package epp.scheduling.plugins.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.EndpointId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrefixIndexTest {
    private static final EndpointId A = new EndpointId("ns", "a", 0);
    private static final EndpointId B = new EndpointId("ns", "b", 0);

    @Test
    void matchCountsLeadingHashesPerServerAndStopsAtTheFirstUnknownHash() {
        PrefixIndex index = new PrefixIndex(100);
        index.add(new long[] {1, 2, 3}, A);
        index.add(new long[] {1}, B);

        assertEquals(Map.of(A, 3, B, 1), index.match(new long[] {1, 2, 3}));
        assertEquals(Map.of(A, 1, B, 1), index.match(new long[] {1, 9, 3}));
        assertEquals(Map.of(), index.match(new long[] {9, 1}));
    }

    @Test
    void eachServerEvictsItsLeastRecentlyUsedHash() {
        PrefixIndex index = new PrefixIndex(2);
        index.add(new long[] {1}, B);
        index.add(new long[] {1, 2, 3}, A);

        assertEquals(Set.of(B), index.serversHolding(1), "evicting 1 from A leaves B's copy");
        assertEquals(Set.of(A), index.serversHolding(2));
        assertEquals(Set.of(A), index.serversHolding(3));
        assertEquals(3, index.size());
    }

    @Test
    void evictionRemovesTheHashFromTheReverseIndexWhenNoServerHoldsIt() {
        PrefixIndex index = new PrefixIndex(1);
        index.add(new long[] {1}, A);
        index.add(new long[] {2}, A);

        assertEquals(Set.of(), index.serversHolding(1));
        assertEquals(Map.of(), index.match(new long[] {1}));
    }

    @Test
    void addingAHashAgainMakesItMostRecent() {
        PrefixIndex index = new PrefixIndex(2);
        index.add(new long[] {1, 2}, A);
        index.add(new long[] {1}, A);
        index.add(new long[] {3}, A);

        assertEquals(Set.of(A), index.serversHolding(1));
        assertEquals(Set.of(), index.serversHolding(2));
    }

    @Test
    void matchingDoesNotChangeRecency() {
        PrefixIndex index = new PrefixIndex(2);
        index.add(new long[] {1, 2}, A);
        index.match(new long[] {1});
        index.add(new long[] {3}, A);

        assertEquals(Set.of(), index.serversHolding(1));
    }

    @Test
    void retainServersForgetsEverythingOfRemovedServers() {
        PrefixIndex index = new PrefixIndex(10);
        index.add(new long[] {1, 2}, A);
        index.add(new long[] {2, 3}, B);

        index.retainServers(Set.of(B));

        assertEquals(Set.of(), index.serversHolding(1));
        assertEquals(Set.of(B), index.serversHolding(2));
        assertEquals(2, index.size());
    }

    @Test
    void concurrentAddsAndMatchesKeepBothMapsConsistent() throws Exception {
        PrefixIndex index = new PrefixIndex(50);
        List<EndpointId> servers = List.of(A, B, new EndpointId("ns", "c", 0), new EndpointId("ns", "d", 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (EndpointId server : servers) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        index.add(new long[] {i, i + 1, i + 2}, server);
                        index.match(new long[] {i, i + 1});
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4 * 50, index.size());
        for (long hash = 1952; hash <= 2001; hash++) { // the 50 most recent of each server
            assertEquals(Set.copyOf(servers), index.serversHolding(hash), "hash " + hash);
        }
        assertTrue(index.serversHolding(1951).isEmpty(), "evicted everywhere");
    }

    @Test
    void aForgottenServersSlotIsReusedWithoutLeakingItsHashes() {
        PrefixIndex index = new PrefixIndex(10);
        index.add(new long[] {1, 2}, A);
        index.add(new long[] {2}, B);
        index.retainServers(Set.of(B));
        EndpointId c = new EndpointId("ns", "c", 0);
        index.add(new long[] {3}, c); // takes A's old slot

        assertEquals(Set.of(), index.serversHolding(1));
        assertEquals(Set.of(B), index.serversHolding(2));
        assertEquals(Set.of(c), index.serversHolding(3));
        assertEquals(Map.of(B, 1, c, 1), index.match(new long[] {2, 3}));
        assertEquals(Map.of(B, 1), index.match(new long[] {2, 1, 3}));
        assertEquals(Map.of(c, 1), index.match(new long[] {3, 1}));
        assertEquals(2, index.distinctHashes());
    }

    @Test
    void aHashEvictedFromEveryServerLeavesTheReverseIndex() {
        PrefixIndex index = new PrefixIndex(1);
        for (int i = 0; i < 40; i++) {
            index.add(new long[] {0}, new EndpointId("ns", "s" + i, 0)); // 0 is a valid hash
        }
        assertEquals(40, index.serversHolding(0).size());
        for (int i = 0; i < 40; i++) {
            index.add(new long[] {i + 1}, new EndpointId("ns", "s" + i, 0));
        }
        assertEquals(Set.of(), index.serversHolding(0));
        assertEquals(40, index.distinctHashes());
        assertEquals(40, index.size());
    }
}
