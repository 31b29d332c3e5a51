package tokens;

/** Chained hashes of the full blocks of a token sequence, as a model server's prefix cache keys them. */
public interface BlockHasher {
    long[] hashFullBlocks(int[] tokens, int blockSize, String loraName);

    /**
     * With a request's {@code cache_salt} (vLLM keys the first block with it, so requests of different
     * salts never share blocks). Hashers that do not know salts ignore it.
     */
    default long[] hashFullBlocks(int[] tokens, int blockSize, String loraName, String cacheSalt) {
        return hashFullBlocks(tokens, blockSize, loraName);
    }
}
