package tokens;

/** The model server's prefix-cache block hashes of a token sequence: one per full block, chained. */
public interface BlockHasher {
    long[] hashFullBlocks(int[] tokens, int blockSize, String loraName);
}
