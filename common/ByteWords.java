package common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time ("SIMD within a register"), for scans of large byte arrays that look for a
 * few byte values: read eight bytes as one little-endian {@code long} and test all of them at once.
 * A result is a mask with the high bit of each byte set where the test holds; the lowest such byte is
 * always right (higher ones may be false positives after a true one), so
 * {@code Long.numberOfTrailingZeros(mask) >>> 3} is the index of the first match.
 */
public final class ByteWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    public static final long HIGH_BITS = 0x8080808080808080L;

    private ByteWords() {}

    /** The eight bytes of {@code array} from {@code index}, the first in the lowest byte. */
    public static long read(byte[] array, int index) {
        return (long) LONGS.get(array, index);
    }

    /** {@code value} in each of the eight bytes, for {@link #equalTo}. */
    public static long repeated(char value) {
        return (value & 0xFFL) * ONES;
    }

    /** High bits where a byte of {@code word} equals the byte {@code repeated} repeats. */
    public static long equalTo(long word, long repeated) {
        long x = word ^ repeated;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    /** High bits where a byte of {@code word} is below {@code bound} (at most 0x80) or is 0x80 or above. */
    public static long belowOrHigh(long word, char bound) {
        // with a byte's high bit clear, (byte - bound) borrows into its high bit exactly when byte < bound
        return (word | (word - repeated(bound))) & HIGH_BITS;
    }
}
