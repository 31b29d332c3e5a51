package epp.kvevents;

import epp.datastore.EndpointId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which endpoints hold each KV block (64-bit block hash → endpoints), fed by KV events and read by
 * the precise prefix-cache scorer. Bounded: at most {@code capacity} block hashes, the least
 * recently stored or matched one evicted first; at most {@code endpointsPerBlock} holders per block
 * (the oldest holder is replaced).
 *
 * <p>Memory per entry (64-bit JVM, compressed pointers): a LinkedHashMap entry (40 bytes), its
 * boxed Long key (16), the holder array (16 + 4 per holder, rounded up to 8: 24 for one or two
 * holders) and its share of the power-of-two table (4 bytes a slot, 1.3-2.6 slots an entry):
 * {@code bench/KvEventsBench.java} measures 97 bytes per block at 1,000,000 blocks, one or two
 * holders. The default capacity of 1,000,000 blocks (16M tokens at vLLM's 16 tokens a block, e.g.
 * 100 servers × 10,000 blocks) costs ≈ 97 MB when full.
 *
 * <p>One lock: the subscriber thread writes, scoring threads read (a read refreshes recency, so it
 * writes too); a score takes the lock once for the whole prompt.
 */
public final class BlockIndex {
    public static final int DEFAULT_CAPACITY = 1_000_000;
    public static final int DEFAULT_ENDPOINTS_PER_BLOCK = 10;

    private static final EndpointId[] NONE = new EndpointId[0];

    private final int capacity;
    private final int endpointsPerBlock;
    private final LinkedHashMap<Long, EndpointId[]> holders;
    private long evictions;

    public BlockIndex(int capacity, int endpointsPerBlock) {
        if (capacity < 1 || endpointsPerBlock < 1) {
            throw new IllegalArgumentException("capacity and endpointsPerBlock must be at least 1, got "
                    + capacity + " and " + endpointsPerBlock);
        }
        this.capacity = capacity;
        this.endpointsPerBlock = endpointsPerBlock;
        this.holders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, EndpointId[]> eldest) {
                if (size() > BlockIndex.this.capacity) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** The endpoint now holds these blocks. */
    public synchronized void add(long[] blockHashes, EndpointId endpoint) {
        for (long hash : blockHashes) {
            EndpointId[] current = holders.get(hash);
            if (current == null) {
                holders.put(hash, new EndpointId[] {endpoint});
            } else if (indexOf(current, endpoint) < 0) {
                holders.put(hash, withHolder(current, endpoint));
            }
        }
    }

    /** The endpoint evicted these blocks. */
    public synchronized void remove(long[] blockHashes, EndpointId endpoint) {
        for (long hash : blockHashes) {
            EndpointId[] current = holders.get(hash);
            if (current == null) {
                continue;
            }
            int at = indexOf(current, endpoint);
            if (at < 0) {
                continue;
            }
            if (current.length == 1) {
                holders.remove(hash);
            } else {
                holders.put(hash, without(current, at));
            }
        }
    }

    /**
     * Forgets every block of one endpoint (it left, cleared its cache, or its event stream lost
     * batches). Walks the whole index: these are rare, and a reverse map would double the memory.
     */
    public synchronized void removeEndpoint(EndpointId endpoint) {
        Iterator<Map.Entry<Long, EndpointId[]>> entries = holders.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Long, EndpointId[]> entry = entries.next();
            EndpointId[] current = entry.getValue();
            int at = indexOf(current, endpoint);
            if (at >= 0) {
                if (current.length == 1) {
                    entries.remove();
                } else {
                    entry.setValue(without(current, at));
                }
            }
        }
    }

    /**
     * For each endpoint holding the prompt's first block: how many blocks from the start it holds
     * without a gap. Stops at the first block no endpoint still in the run holds.
     */
    public synchronized Map<EndpointId, Integer> longestPrefixRuns(long[] blockHashes) {
        Map<EndpointId, Integer> runs = new HashMap<>();
        for (int i = 0; i < blockHashes.length; i++) {
            EndpointId[] current = holders.get(blockHashes[i]);
            if (current == null) {
                break;
            }
            boolean extended = false;
            for (EndpointId endpoint : current) {
                if (runs.getOrDefault(endpoint, 0) == i) {
                    runs.put(endpoint, i + 1);
                    extended = true;
                }
            }
            if (!extended) {
                break;
            }
        }
        return runs;
    }

    /** The endpoints holding one block (a copy; empty when none). */
    public synchronized EndpointId[] holders(long blockHash) {
        EndpointId[] current = holders.get(blockHash);
        return current == null ? NONE : current.clone();
    }

    public synchronized boolean contains(long blockHash, EndpointId endpoint) {
        EndpointId[] current = holders.get(blockHash);
        return current != null && indexOf(current, endpoint) >= 0;
    }

    public synchronized int size() {
        return holders.size();
    }

    /** Blocks dropped because the index was full. */
    public synchronized long evictions() {
        return evictions;
    }

    public int capacity() {
        return capacity;
    }

    private EndpointId[] withHolder(EndpointId[] current, EndpointId endpoint) {
        if (current.length < endpointsPerBlock) {
            EndpointId[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = endpoint;
            return more;
        }
        EndpointId[] replaced = new EndpointId[current.length];
        System.arraycopy(current, 1, replaced, 0, current.length - 1);
        replaced[current.length - 1] = endpoint;
        return replaced;
    }

    private static EndpointId[] without(EndpointId[] current, int at) {
        EndpointId[] fewer = new EndpointId[current.length - 1];
        System.arraycopy(current, 0, fewer, 0, at);
        System.arraycopy(current, at + 1, fewer, at, current.length - at - 1);
        return fewer;
    }

    private static int indexOf(EndpointId[] endpoints, EndpointId endpoint) {
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i].equals(endpoint)) {
                return i;
            }
        }
        return -1;
    }
}
