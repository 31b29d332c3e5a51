package epp.scheduling;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;

/**
 * Text known to be plain ASCII, kept as the request-body bytes it came from (a view, not a copy): a
 * 200 KB prompt is not decoded into a String when the scheduler only ever reads its first few KB.
 * An ASCII character is its own UTF-8 byte, so {@link #copyTo} gives exactly the UTF-8 of the text.
 *
 * <p>Valid only while its request is being scheduled: the bytes may be a pooled buffer the ext_proc
 * stream gives back when it ends (epp/handlers/BodyBufferPool), after which they hold another
 * request's body. A plugin that keeps text beyond its call copies it ({@code toString()}).
 */
public final class AsciiText implements CharSequence {
    private final ByteString bytes;

    /** {@code bytes} must hold only bytes 0x00–0x7F; the caller checked them. */
    public AsciiText(ByteString bytes) {
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return bytes.size();
    }

    @Override
    public char charAt(int index) {
        return (char) bytes.byteAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new AsciiText(bytes.substring(start, end));
    }

    /** Copies {@code count} characters from {@code from} as bytes into {@code target} at {@code offset}. */
    public void copyTo(int from, byte[] target, int offset, int count) {
        bytes.copyTo(target, from, offset, count);
    }

    @Override
    public String toString() {
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
