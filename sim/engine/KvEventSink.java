package sim.engine;

/** Receives the KV cache's changes as vLLM's KV events name them (sim.events publishes them over ZMQ). */
public interface KvEventSink {
    KvEventSink NONE = new KvEventSink() {
        @Override
        public void blockStored(long[] hashes, Long parentHash, int[] tokenIds, int blockSize, Integer loraId, String loraName) {}

        @Override
        public void blockRemoved(long[] hashes) {}

        @Override
        public void allBlocksCleared() {}
    };

    /** Consecutive full blocks of one prompt entered the cache; {@code parentHash} is the block before the first (null at the start). */
    void blockStored(long[] hashes, Long parentHash, int[] tokenIds, int blockSize, Integer loraId, String loraName);

    void blockRemoved(long[] hashes);

    /** Every block is gone (a restarted server tells subscribers to forget what it held). */
    void allBlocksCleared();
}
