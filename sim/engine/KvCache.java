package sim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A paged KV cache of {@code capacity} blocks with prefix caching, as vLLM's block pool keeps it:
 * <ul>
 *   <li>each full prompt block is keyed by its chained hash; a request reuses the longest run of its
 *       leading blocks already cached (at most up to its last prompt token, which is always computed);</li>
 *   <li>the rest of the request (new prompt blocks, the trailing partial block and the output) gets
 *       fresh blocks; a request is admitted only when all of them fit at once;</li>
 *   <li>a finished request's blocks stay cached but become evictable, tail first; eviction takes the
 *       least recently freed block.</li>
 * </ul>
 * Usage counts every block some request holds; an evictable cached block is free (vLLM's
 * {@code kv_cache_usage_perc}). Not thread-safe: one engine, one event loop.
 */
public final class KvCache {
    private final int capacity;
    private final int blockSize;
    private final KvEventSink events;
    private final Map<Long, Block> cached = new HashMap<>();
    /** Cached blocks no request holds, least recently freed first. */
    private final LinkedHashMap<Long, Block> evictable = new LinkedHashMap<>();
    /** Blocks held by requests: cached ones with a reference plus uncached ones. */
    private int held;

    public KvCache(int capacity, int blockSize, KvEventSink events) {
        this.capacity = capacity;
        this.blockSize = blockSize;
        this.events = events;
    }

    private static final class Block {
        final long hash;
        int refs;

        Block(long hash) {
            this.hash = hash;
        }
    }

    /** What a request holds, to give back with {@link #release}. */
    public static final class Allocation {
        final List<Block> cachedBlocks;
        final int uncachedBlocks;
        public final int hitTokens;

        Allocation(List<Block> cachedBlocks, int uncachedBlocks, int hitTokens) {
            this.cachedBlocks = cachedBlocks;
            this.uncachedBlocks = uncachedBlocks;
            this.hitTokens = hitTokens;
        }
    }

    /** Blocks a request of {@code tokens} tokens needs in all. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /** Tokens of the prompt a request would find cached now. */
    public int cachedPrefixTokens(long[] promptHashes, int promptTokens) {
        return leadingHits(promptHashes, promptTokens) * blockSize;
    }

    /**
     * Admits a request whose prompt has {@code promptHashes} (one per full block of {@code promptTokens})
     * and which needs {@code totalTokens} slots (prompt + output), or returns null when it does not fit now.
     */
    public Allocation allocate(long[] promptHashes, int[] promptTokenIds, int promptTokens, int totalTokens,
                               Integer loraId, String loraName) {
        int hits = leadingHits(promptHashes, promptTokens);
        int total = blocksFor(totalTokens);
        int hitsNowEvictable = 0;
        for (int i = 0; i < hits; i++) {
            if (cached.get(promptHashes[i]).refs == 0) {
                hitsNowEvictable++;
            }
        }
        if (held + hitsNowEvictable + (total - hits) > capacity) {
            return null;
        }
        List<Block> blocks = new ArrayList<>(promptHashes.length);
        for (int i = 0; i < hits; i++) {
            blocks.add(take(cached.get(promptHashes[i])));
        }
        int storedFrom = -1;
        for (int i = hits; i < promptHashes.length; i++) {
            Block existing = cached.get(promptHashes[i]);
            if (existing != null) {
                // cached behind an evicted ancestor: vLLM recomputes it; the block is reused, not stored again
                publishStored(promptHashes, promptTokenIds, storedFrom, i, loraId, loraName);
                storedFrom = -1;
                blocks.add(take(existing));
                continue;
            }
            makeRoom();
            Block block = new Block(promptHashes[i]);
            block.refs = 1;
            cached.put(block.hash, block);
            held++;
            blocks.add(block);
            if (storedFrom < 0) {
                storedFrom = i;
            }
        }
        publishStored(promptHashes, promptTokenIds, storedFrom, promptHashes.length, loraId, loraName);
        int uncached = total - promptHashes.length;
        for (int i = 0; i < uncached; i++) {
            makeRoom();
            held++;
        }
        return new Allocation(blocks, uncached, hits * blockSize);
    }

    /** Gives a finished request's blocks back: cached ones become evictable, last block first. */
    public void release(Allocation allocation) {
        held -= allocation.uncachedBlocks;
        for (int i = allocation.cachedBlocks.size() - 1; i >= 0; i--) {
            Block block = allocation.cachedBlocks.get(i);
            if (--block.refs == 0) {
                held--;
                evictable.put(block.hash, block);
            }
        }
    }

    /** Fraction of the blocks that requests hold (0..1). */
    public double usage() {
        return (double) held / capacity;
    }

    public int capacity() {
        return capacity;
    }

    public int blockSize() {
        return blockSize;
    }

    public int heldBlocks() {
        return held;
    }

    public int cachedBlocks() {
        return cached.size();
    }

    public boolean isCached(long hash) {
        return cached.containsKey(hash);
    }

    private int leadingHits(long[] promptHashes, int promptTokens) {
        // vLLM always computes the last prompt token, so a fully cached prompt reuses one block less
        int limit = Math.min(promptHashes.length, Math.max(0, promptTokens - 1) / blockSize);
        int hits = 0;
        while (hits < limit && cached.containsKey(promptHashes[hits])) {
            hits++;
        }
        return hits;
    }

    private Block take(Block block) {
        if (block.refs++ == 0) {
            evictable.remove(block.hash);
            held++;
        }
        return block;
    }

    /** Evicts the least recently freed block when every block is either held or cached. */
    private void makeRoom() {
        if (held + evictable.size() < capacity) {
            return;
        }
        Iterator<Block> oldest = evictable.values().iterator();
        Block victim = oldest.next();
        oldest.remove();
        cached.remove(victim.hash);
        events.blockRemoved(new long[] {victim.hash});
    }

    private void publishStored(long[] hashes, int[] tokenIds, int from, int to, Integer loraId, String loraName) {
        if (from < 0 || from >= to) {
            return;
        }
        Long parent = from == 0 ? null : hashes[from - 1];
        events.blockStored(Arrays.copyOfRange(hashes, from, to),
                parent, Arrays.copyOfRange(tokenIds, from * blockSize, to * blockSize), blockSize, loraId, loraName);
    }
}
