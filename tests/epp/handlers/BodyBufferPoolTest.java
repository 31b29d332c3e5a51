package epp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyBufferPoolTest {
    private final BodyBufferPool pool = new BodyBufferPool(true);

    /** The array behind a flat ByteString view. */
    private static byte[] backing(ByteString bytes) throws java.io.IOException {
        byte[][] found = new byte[1][];
        UnsafeByteOperations.unsafeWriteTo(bytes, new com.google.protobuf.ByteOutput() {
            @Override
            public void write(byte value) {}

            @Override
            public void write(byte[] value, int offset, int length) {
                found[0] = value;
            }

            @Override
            public void writeLazy(byte[] value, int offset, int length) {
                found[0] = value;
            }

            @Override
            public void write(java.nio.ByteBuffer value) {}

            @Override
            public void writeLazy(java.nio.ByteBuffer value) {}
        });
        return found[0];
    }
    @Test
    void anArrayGivenBackIsHandedOutAgainOnce() {
        byte[] first = pool.take(40_000);
        assertEquals(65_536, first.length, "a size class: the next power of two");
        ByteString view = UnsafeByteOperations.unsafeWrap(first, 10, 100);
        pool.release(view.concat(view)); // the same array twice: given back once
        byte[] again = pool.take(40_000);
        byte[] another = pool.take(40_000);
        assertSame(first, again);
        assertNotSame(again, another);
        pool.release(UnsafeByteOperations.unsafeWrap(again));
        pool.release(UnsafeByteOperations.unsafeWrap(another));
    }

    @Test
    void arraysThePoolDidNotHandOutAreNeverTakenBack() {
        byte[] foreign = new byte[65_536];
        pool.release(UnsafeByteOperations.unsafeWrap(foreign));
        for (int i = 0; i < 4; i++) {
            assertNotSame(foreign, pool.take(65_536));
        }
    }

    @Test
    void messagesLargerThanTheClassesGetAnExactArray() {
        assertEquals(300_000, pool.take(300_000).length);
        assertEquals(70_000, BodyBufferPool.NONE.take(70_000).length);
    }

    @Test
    void aRequestBodyIsReadIntoAPooledArrayAndParsesTheSame() throws Exception {
        byte[] body = new byte[20_000];
        Arrays.fill(body, (byte) 'x');
        ProcessingRequest request = ProcessingRequest.newBuilder()
                .setRequestBody(HttpBody.newBuilder().setBody(ByteString.copyFrom(body)).setEndOfStream(true)).build();
        var marshaller = new ProcessingRequestMarshaller(pool);

        ProcessingRequest parsed = marshaller.parse(new ByteArrayInputStream(request.toByteArray()));

        assertEquals(request, parsed);
        byte[] array = backing(parsed.getRequestBody().getBody());
        assertEquals(32_768, array.length, "a pooled array");
        pool.release(parsed.getRequestBody().getBody());
        ProcessingRequest next = marshaller.parse(new ByteArrayInputStream(request.toByteArray()));
        assertSame(array, backing(next.getRequestBody().getBody()));
        assertEquals(request, next, "the reused array holds the next message only");
    }
}
