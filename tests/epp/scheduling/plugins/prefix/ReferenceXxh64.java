package epp.scheduling.plugins.prefix;

/**
 * XXH64 written from its specification (github.com/Cyan4973/xxHash doc/xxhash_spec.md), independent of
 * the library the scorer uses, to compute expected hashes in tests.
 */
final class ReferenceXxh64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private ReferenceXxh64() {}

    static long hash(byte[] input, long seed) {
        int length = input.length;
        int offset = 0;
        long acc;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            while (offset <= length - 32) {
                v1 = round(v1, readLong(input, offset));
                v2 = round(v2, readLong(input, offset + 8));
                v3 = round(v3, readLong(input, offset + 16));
                v4 = round(v4, readLong(input, offset + 24));
                offset += 32;
            }
            acc = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            acc = merge(acc, v1);
            acc = merge(acc, v2);
            acc = merge(acc, v3);
            acc = merge(acc, v4);
        } else {
            acc = seed + P5;
        }
        acc += length;
        while (offset + 8 <= length) {
            acc ^= round(0, readLong(input, offset));
            acc = Long.rotateLeft(acc, 27) * P1 + P4;
            offset += 8;
        }
        if (offset + 4 <= length) {
            acc ^= (readInt(input, offset) & 0xFFFFFFFFL) * P1;
            acc = Long.rotateLeft(acc, 23) * P2 + P3;
            offset += 4;
        }
        while (offset < length) {
            acc ^= (input[offset] & 0xFFL) * P5;
            acc = Long.rotateLeft(acc, 11) * P1;
            offset++;
        }
        acc ^= acc >>> 33;
        acc *= P2;
        acc ^= acc >>> 29;
        acc *= P3;
        acc ^= acc >>> 32;
        return acc;
    }

    private static long round(long acc, long lane) {
        acc += lane * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long lane) {
        acc ^= round(0, lane);
        return acc * P1 + P4;
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    private static int readInt(byte[] bytes, int offset) {
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
