package epp.scheduling.plugins.prefix;

import java.util.Arrays;

/**
 * A byte buffer that silently stops growing at a limit. The prefix hasher only ever looks at the first
 * {@code maxPrefixBlocksToMatch × blockSize} bytes of a prompt, so a 200 KB prompt costs 16 KB, not 200.
 */
final class BoundedBytes {
    private final int limit;
    private byte[] bytes;
    private int size;

    BoundedBytes(int limit, int expectedSize) {
        this.limit = limit;
        this.bytes = new byte[Math.max(16, Math.min(limit, expectedSize))];
    }

    boolean full() {
        return size >= limit;
    }

    int size() {
        return size;
    }

    /** The backing array; only the first {@link #size()} bytes are content. */
    byte[] array() {
        return bytes;
    }

    void put(int b) {
        if (size >= limit) {
            return;
        }
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, 2L * bytes.length));
        }
        bytes[size++] = (byte) b;
    }

    void putAscii(String ascii) {
        for (int i = 0; i < ascii.length() && !full(); i++) {
            put(ascii.charAt(i));
        }
    }

    /** UTF-8 of one code point; a lone surrogate becomes U+FFFD, as Go's JSON decoder makes it. */
    void putCodePoint(int codePoint) {
        if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
            codePoint = 0xFFFD;
        }
        if (codePoint < 0x80) {
            put(codePoint);
        } else if (codePoint < 0x800) {
            put(0xC0 | (codePoint >> 6));
            put(0x80 | (codePoint & 0x3F));
        } else if (codePoint < 0x10000) {
            put(0xE0 | (codePoint >> 12));
            put(0x80 | ((codePoint >> 6) & 0x3F));
            put(0x80 | (codePoint & 0x3F));
        } else {
            put(0xF0 | (codePoint >> 18));
            put(0x80 | ((codePoint >> 12) & 0x3F));
            put(0x80 | ((codePoint >> 6) & 0x3F));
            put(0x80 | (codePoint & 0x3F));
        }
    }

    /** UTF-8 bytes of a string, up to the limit. */
    void putUtf8(String text) {
        int i = 0;
        while (i < text.length() && !full()) {
            i = putAsciiRun(text, i);
            if (i < text.length() && !full()) {
                int codePoint = text.codePointAt(i);
                putCodePoint(codePoint);
                i += Character.charCount(codePoint);
            }
        }
    }

    /**
     * Copies the ASCII characters of {@code text} from {@code from} on, up to the limit, in one tight loop
     * (prompts are mostly ASCII and can be 200 KB).
     *
     * @return the index of the first character not copied
     */
    int putAsciiRun(String text, int from) {
        int end = (int) Math.min(text.length(), (long) from + (limit - size));
        ensureCapacity(size + (end - from));
        int i = from;
        while (i < end) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            bytes[size++] = (byte) c;
            i++;
        }
        return i;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * bytes.length)));
        }
    }
}
