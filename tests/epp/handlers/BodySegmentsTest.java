package epp.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodySegmentsTest {
    /** The plain byte-by-byte definition the word-at-a-time scan must match. */
    private static BodySegments.Scan expected(byte[] bytes, int from) {
        boolean ascii = true;
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\') {
                return new BodySegments.Scan(i, ascii);
            }
            if (b < 0x20) {
                ascii = false;
            }
        }
        return new BodySegments.Scan(bytes.length, ascii);
    }

    private static ByteString chunked(byte[] bytes, int... cuts) {
        ByteString body = ByteString.EMPTY;
        int start = 0;
        for (int cut : cuts) {
            body = body.concat(ByteString.copyFrom(bytes, start, cut - start));
            start = cut;
        }
        return body.concat(ByteString.copyFrom(bytes, start, bytes.length - start));
    }

    @Test
    void everySpecialByteIsFoundAtEveryOffsetAndAcrossChunks() {
        byte[] specials = {'"', '\\', 0x00, 0x1F, (byte) 0x80, (byte) 0xFF, 0x20, 0x7F, 0x21, 0x5B, 0x5D};
        for (byte special : specials) {
            for (int at = 0; at < 40; at++) {
                byte[] bytes = new byte[48];
                java.util.Arrays.fill(bytes, (byte) 'a');
                bytes[at] = special;
                for (int from = 0; from <= 17; from += 3) {
                    BodySegments segments = new BodySegments(chunked(bytes, 5, 13, 30));
                    assertEquals(expected(bytes, from), segments.scanString(from), "byte " + special + " at " + at + " from " + from);
                }
            }
        }
    }

    @Test
    void matchesTheByteByByteScanOnRandomText() {
        Random random = new Random(5);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(300)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly plain ASCII, now and then anything (quotes, controls, UTF-8 bytes).
                bytes[i] = (byte) (random.nextInt(40) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(95));
            }
            int cut1 = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int cut2 = cut1 + (bytes.length == cut1 ? 0 : random.nextInt(bytes.length - cut1 + 1));
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertEquals(expected(bytes, from), new BodySegments(chunked(bytes, cut1, cut2)).scanString(from), "round " + round);
        }
    }

    @Test
    void theInputLeavesOutWhatItIsToldToAndCountsIt() {
        byte[] bytes = "0123456789abcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        BodySegments.Input input = new BodySegments(chunked(bytes, 4, 9)).new Input();
        byte[] buffer = new byte[3];
        var read = new ByteArrayOutputStream();
        read.write(buffer, 0, input.read(buffer, 0, 3)); // 012
        input.omitUntil(2); // already past it: nothing left out
        input.omitUntil(11); // 3..a left out
        int n;
        while ((n = input.read(buffer, 0, buffer.length)) > 0) {
            read.write(buffer, 0, n);
        }
        assertArrayEquals("012bcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII), read.toByteArray());
        assertEquals(8, input.omitted());
        assertEquals(-1, input.read());
    }
}
