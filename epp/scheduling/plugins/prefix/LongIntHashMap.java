package epp.scheduling.plugins.prefix;

import java.util.function.LongConsumer;

/**
 * A hash map from {@code long} to {@code int} without boxing: open addressing with linear probing
 * and backward-shift deletion (no tombstones), keys spread by Fibonacci hashing. The prefix index
 * looks up hundreds of block hashes per request; a {@code HashMap<Long, ...>} paid an allocation
 * and a pointer chase for each. Not thread-safe. The table grows at 60% load and never shrinks.
 */
final class LongIntHashMap {
    private static final double MAX_LOAD = 0.6;

    /** Key 0 marks a free slot, so a real key 0 is kept apart. */
    private boolean hasZeroKey;
    private int zeroValue;
    private long[] keys;
    private int[] values;
    private int mask;
    private int shift;
    private int size; // keys in the table, without the zero key
    private int growAt;

    LongIntHashMap() {
        this(16);
    }

    LongIntHashMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(8, (int) Math.min(1 << 30, (long) (expectedSize / MAX_LOAD) + 1)) - 1) << 1;
        allocate(capacity);
    }

    int size() {
        return size + (hasZeroKey ? 1 : 0);
    }

    boolean containsKey(long key) {
        return key == 0 ? hasZeroKey : keys[find(key)] != 0;
    }

    /** The value of {@code key}, or {@code missing} when the map does not hold it. */
    int get(long key, int missing) {
        if (key == 0) {
            return hasZeroKey ? zeroValue : missing;
        }
        int slot = find(key);
        return keys[slot] != 0 ? values[slot] : missing;
    }

    /** Maps {@code key} to {@code value}, replacing any earlier value. */
    void put(long key, int value) {
        if (key == 0) {
            hasZeroKey = true;
            zeroValue = value;
            return;
        }
        int slot = find(key);
        if (keys[slot] == 0) {
            if (size >= growAt) {
                rehash(keys.length * 2);
                slot = find(key);
            }
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
    }

    /** Removes {@code key}; returns its value, or {@code missing} when it was not there. */
    int remove(long key, int missing) {
        if (key == 0) {
            if (!hasZeroKey) {
                return missing;
            }
            hasZeroKey = false;
            return zeroValue;
        }
        int slot = find(key);
        if (keys[slot] == 0) {
            return missing;
        }
        int removed = values[slot];
        // Backward shift: pull later keys of the probe run into the hole unless they already sit at
        // or after their home slot (cyclically between the hole and where they are).
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            long k = keys[next];
            if (k == 0) {
                break;
            }
            int home = home(k);
            boolean staysPut = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!staysPut) {
                keys[hole] = k;
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = 0;
        size--;
        return removed;
    }

    void forEachKey(LongConsumer action) {
        if (hasZeroKey) {
            action.accept(0);
        }
        for (long key : keys) {
            if (key != 0) {
                action.accept(key);
            }
        }
    }

    /** The slot holding {@code key} (non-zero), or the free slot where it would go. */
    private int find(long key) {
        int slot = home(key);
        while (true) {
            long k = keys[slot];
            if (k == key || k == 0) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = (int) (capacity * MAX_LOAD);
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key != 0) {
                int slot = find(key);
                keys[slot] = key;
                values[slot] = oldValues[i];
            }
        }
    }
}
