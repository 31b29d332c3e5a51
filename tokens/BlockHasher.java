package tokens;

/** Chained hashes of the full blocks of a token sequence, as a model server's prefix cache keys them. */
public interface BlockHasher {
    long[] hashFullBlocks(int[] tokens, int blockSize, String loraName);
}
