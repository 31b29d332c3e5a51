package epp.scheduling.plugins.prefix;

import java.util.Arrays;

/**
 * Which servers (by slot number) hold each block hash: the prefix index's reverse map. Most hashes
 * are held by one server, stored in the map's value itself; a hash held by more points to a
 * small array of slots. No object per hash. Not thread-safe.
 */
final class BlockHolders {
    /** Value for "absent" in the map: values ≥ 0 are one slot, values < 0 are {@code -1 - set index}. */
    private static final int ABSENT = Integer.MIN_VALUE;

    private final LongIntHashMap holders = new LongIntHashMap(1024);
    /** Sets of two or more slots: {@code sets[i][0]} is the count, the slots follow. */
    private int[][] sets = new int[16][];
    private int[] freeSets = new int[16];
    private int freeCount;
    private int setsUsed;

    int size() {
        return holders.size();
    }

    void add(long hash, int slot) {
        int value = holders.get(hash, ABSENT);
        if (value == ABSENT) {
            holders.put(hash, slot);
        } else if (value >= 0) {
            if (value != slot) {
                holders.put(hash, -1 - newSet(value, slot));
            }
        } else {
            int index = -1 - value;
            int[] set = sets[index];
            int count = set[0];
            for (int i = 1; i <= count; i++) {
                if (set[i] == slot) {
                    return;
                }
            }
            if (count + 1 == set.length) {
                set = sets[index] = Arrays.copyOf(set, set.length * 2);
            }
            set[count + 1] = slot;
            set[0] = count + 1;
        }
    }

    void remove(long hash, int slot) {
        int value = holders.get(hash, ABSENT);
        if (value == ABSENT) {
            return;
        }
        if (value >= 0) {
            if (value == slot) {
                holders.remove(hash, ABSENT);
            }
            return;
        }
        int index = -1 - value;
        int[] set = sets[index];
        int count = set[0];
        for (int i = 1; i <= count; i++) {
            if (set[i] == slot) {
                set[i] = set[count];
                set[0] = --count;
                break;
            }
        }
        if (count == 1) {
            holders.put(hash, set[1]);
            freeSet(index);
        }
    }

    /**
     * Adds one to {@code counts[slot]} for every server holding {@code hash}.
     *
     * @return false when no server holds it
     */
    boolean countHolders(long hash, int[] counts) {
        int value = holders.get(hash, ABSENT);
        if (value == ABSENT) {
            return false;
        }
        if (value >= 0) {
            counts[value]++;
        } else {
            int[] set = sets[-1 - value];
            for (int i = 1; i <= set[0]; i++) {
                counts[set[i]]++;
            }
        }
        return true;
    }

    /** The slots holding {@code hash} (a copy). */
    int[] holders(long hash) {
        int value = holders.get(hash, ABSENT);
        if (value == ABSENT) {
            return new int[0];
        }
        if (value >= 0) {
            return new int[] {value};
        }
        int[] set = sets[-1 - value];
        return Arrays.copyOfRange(set, 1, set[0] + 1);
    }

    private int newSet(int first, int second) {
        int index;
        if (freeCount > 0) {
            index = freeSets[--freeCount];
        } else {
            if (setsUsed == sets.length) {
                sets = Arrays.copyOf(sets, sets.length * 2);
            }
            index = setsUsed++;
        }
        sets[index] = new int[] {2, first, second, 0};
        return index;
    }

    private void freeSet(int index) {
        sets[index] = null;
        if (freeCount == freeSets.length) {
            freeSets = Arrays.copyOf(freeSets, freeSets.length * 2);
        }
        freeSets[freeCount++] = index;
    }
}
