package epp.handlers;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import common.ByteWords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrays behind a body's chunks (the ByteStrings Envoy's messages arrived in), seen without
 * copying them, so a long string value can be scanned in place.
 */
final class BodySegments {
    /** Where {@link #scanString} stopped. */
    record Scan(long end, boolean ascii) {}

    private final List<byte[]> arrays = new ArrayList<>(8);
    private final List<int[]> ranges = new ArrayList<>(8); // {offset in array, length}
    private final long size;

    BodySegments(ByteString body) {
        size = body.size();
        try {
            UnsafeByteOperations.unsafeWriteTo(body, new ByteOutput() {
                @Override
                public void write(byte value) {
                    add(new byte[] {value}, 0, 1);
                }

                @Override
                public void write(byte[] value, int offset, int length) {
                    add(value, offset, length);
                }

                @Override
                public void writeLazy(byte[] value, int offset, int length) {
                    add(value, offset, length);
                }

                @Override
                public void write(ByteBuffer value) {
                    byte[] copy = new byte[value.remaining()];
                    value.duplicate().get(copy);
                    add(copy, 0, copy.length);
                }

                @Override
                public void writeLazy(ByteBuffer value) {
                    write(value);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown: the output above does no I/O
        }
    }

    private void add(byte[] array, int offset, int length) {
        if (length > 0) {
            arrays.add(array);
            ranges.add(new int[] {offset, length});
        }
    }

    /**
     * From {@code from}, the position of the first {@code "} or {@code \\}, or the body's size when there
     * is none; {@code ascii} tells whether every byte before it was printable ASCII (0x20–0x7F).
     */
    Scan scanString(long from) {
        long position = 0;
        boolean ascii = true;
        for (int s = 0; s < arrays.size(); s++) {
            byte[] array = arrays.get(s);
            int offset = ranges.get(s)[0];
            int length = ranges.get(s)[1];
            if (position + length <= from) {
                position += length;
                continue;
            }
            int i = offset + (int) Math.max(0, from - position);
            int end = offset + length;
            while (i < end) {
                // Eight bytes at a time while none is special, which is most of a prompt.
                if (ascii) {
                    while (i + Long.BYTES <= end && plainAscii(ByteWords.read(array, i))) {
                        i += Long.BYTES;
                    }
                } else {
                    while (i + Long.BYTES <= end && noQuoteOrBackslash(ByteWords.read(array, i))) {
                        i += Long.BYTES;
                    }
                }
                int stop = Math.min(end, i + Long.BYTES);
                for (; i < stop; i++) {
                    byte b = array[i];
                    if (b == '"' || b == '\\') {
                        return new Scan(position + (i - offset), ascii);
                    }
                    if (b < 0x20) { // negative = 0x80 and up
                        ascii = false;
                    }
                }
            }
            position += length;
        }
        return new Scan(size, ascii);
    }

    private static final long QUOTES = ByteWords.repeated('"');
    private static final long BACKSLASHES = ByteWords.repeated('\\');

    /** True when none of the eight bytes is {@code "}, {@code \\}, below 0x20 or above 0x7F. */
    private static boolean plainAscii(long word) {
        return (ByteWords.belowOrHigh(word, (char) 0x20) | ByteWords.equalTo(word, QUOTES) | ByteWords.equalTo(word, BACKSLASHES)) == 0;
    }

    private static boolean noQuoteOrBackslash(long word) {
        return (ByteWords.equalTo(word, QUOTES) | ByteWords.equalTo(word, BACKSLASHES)) == 0;
    }

    /**
     * The body as a stream, for the JSON parser, that can leave out the inside of a string already
     * scanned here ({@link #omitUntil}), so the parser does not copy and scan it again.
     */
    final class Input extends InputStream {
        private long position;
        private long omitted;
        private int segment;
        private int inSegment;

        /** Bytes left out so far: add to a parser offset past them to get the body offset. */
        long omitted() {
            return omitted;
        }

        /** Continues the stream at body offset {@code next} if it has not got there yet. */
        void omitUntil(long next) {
            if (next <= position) {
                return;
            }
            omitted += next - position;
            long skip = next - position;
            while (segment < arrays.size() && skip > 0) {
                int left = ranges.get(segment)[1] - inSegment;
                if (skip < left) {
                    inSegment += (int) skip;
                    skip = 0;
                } else {
                    skip -= left;
                    segment++;
                    inSegment = 0;
                }
            }
            position = next;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length && segment < arrays.size()) {
                int[] range = ranges.get(segment);
                int n = Math.min(length - copied, range[1] - inSegment);
                System.arraycopy(arrays.get(segment), range[0] + inSegment, target, offset + copied, n);
                copied += n;
                inSegment += n;
                if (inSegment == range[1]) {
                    segment++;
                    inSegment = 0;
                }
            }
            position += copied;
            return copied == 0 ? -1 : copied;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, size - position);
        }
    }
}
