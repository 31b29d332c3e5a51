package epp.kvevents;

/**
 * One event of vLLM's KV cache (vllm/distributed/kv_events.py). Block hashes are in their 64-bit
 * form (an int on the wire, or the last 8 bytes of a byte-string hash, big-endian).
 */
public sealed interface KvEvent {
    /** The medium vLLM writes for its GPU cache (null on older versions). */
    String MEDIUM_GPU = "GPU";

    /**
     * Full blocks the server now holds, in prompt order.
     *
     * @param parentBlockHash the block before the first one, or null for a prompt's first block
     * @param medium          "GPU", another tier (e.g. "CPU" for offloaded blocks), or null (GPU)
     * @param loraName        the adapter the hashes include, or null
     */
    record BlockStored(long[] blockHashes, Long parentBlockHash, int[] tokenIds, int blockSize, Integer loraId,
                       String medium, String loraName) implements KvEvent {}

    /** Blocks the server evicted. */
    record BlockRemoved(long[] blockHashes, String medium) implements KvEvent {}

    /** The server dropped its whole prefix cache. */
    record AllBlocksCleared() implements KvEvent {}

    /** Whether an event with this medium is about the GPU cache the scorer reasons about. */
    static boolean onGpu(String medium) {
        return medium == null || MEDIUM_GPU.equalsIgnoreCase(medium);
    }
}
