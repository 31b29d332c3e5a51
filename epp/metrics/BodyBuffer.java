package epp.metrics;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A response body collected into a byte array that one scrape loop reuses tick after tick, so a
 * 52 KB body costs no new array per scrape. Not thread-safe: one download at a time per loop.
 */
final class BodyBuffer {
    /** Far above any real exposition (~50 KB); protects the EPP from a misbehaving server. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private byte[] bytes = new byte[64 << 10];
    private int length;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** @throws IOException when the body grows beyond {@link #MAX_BODY_BYTES} */
    void append(Buffer chunk) throws IOException {
        int n = chunk.length();
        if (length + n > MAX_BODY_BYTES) {
            throw new IOException("metrics body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (length + n > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BODY_BYTES, Math.max(bytes.length * 2, length + n)));
        }
        chunk.getBytes(0, n, bytes, length);
        length += n;
    }
}
