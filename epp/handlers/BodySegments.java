package epp.handlers;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
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
     * From {@code from}, the position of the first {@code "} or {@code \}, or the body's size when there
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
            int start = offset + (int) Math.max(0, from - position);
            int end = offset + length;
            for (int i = start; i < end; i++) {
                byte b = array[i];
                if (b == '"' || b == '\\') {
                    return new Scan(position + (i - offset), ascii);
                }
                if (b < 0x20) { // negative = 0x80 and up
                    ascii = false;
                }
            }
            position += length;
        }
        return new Scan(size, ascii);
    }
}
