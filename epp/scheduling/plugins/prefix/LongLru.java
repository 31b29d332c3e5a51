package epp.scheduling.plugins.prefix;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A least-recently-used set of {@code long}s with a fixed capacity, in primitive arrays: a doubly
 * linked list of nodes (oldest first) and a {@link LongIntHashMap} from key to node. The node arrays
 * grow with use up to the capacity, so an idle server's LRU stays small. Not thread-safe.
 */
final class LongLru {
    private static final int NONE = -1;

    private final int capacity;
    private final LongIntHashMap nodeOf;
    private long[] keys;
    private int[] older;
    private int[] newer;
    private int oldest = NONE;
    private int newest = NONE;
    private int size;

    LongLru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("LRU capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        int initial = Math.min(capacity, 64);
        nodeOf = new LongIntHashMap(initial);
        keys = new long[initial];
        older = new int[initial];
        newer = new int[initial];
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        return nodeOf.containsKey(key);
    }

    /**
     * Makes {@code key} the most recent. A key not held before is added; when that passes the
     * capacity, the oldest key is dropped and given to {@code evicted}.
     *
     * @return true when the key was not held before
     */
    boolean add(long key, LongConsumer evicted) {
        int node = nodeOf.get(key, NONE);
        if (node != NONE) {
            unlink(node);
            linkNewest(node);
            return false;
        }
        if (size == capacity) {
            node = oldest;
            long dropped = keys[node];
            unlink(node);
            nodeOf.remove(dropped, NONE);
            evicted.accept(dropped);
        } else {
            if (size == keys.length) {
                int grown = (int) Math.min(capacity, 2L * keys.length);
                keys = Arrays.copyOf(keys, grown);
                older = Arrays.copyOf(older, grown);
                newer = Arrays.copyOf(newer, grown);
            }
            node = size++;
        }
        keys[node] = key;
        nodeOf.put(key, node);
        linkNewest(node);
        return true;
    }

    /** Every key, oldest first. */
    void forEach(LongConsumer action) {
        for (int node = oldest; node != NONE; node = newer[node]) {
            action.accept(keys[node]);
        }
    }

    private void unlink(int node) {
        int before = older[node];
        int after = newer[node];
        if (before == NONE) {
            oldest = after;
        } else {
            newer[before] = after;
        }
        if (after == NONE) {
            newest = before;
        } else {
            older[after] = before;
        }
    }

    private void linkNewest(int node) {
        older[node] = newest;
        newer[node] = NONE;
        if (newest == NONE) {
            oldest = node;
        } else {
            newer[newest] = node;
        }
        newest = node;
    }
}
