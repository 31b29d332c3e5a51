package epp.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessingResponseMarshallerTest {
    private final ProcessingResponseMarshaller marshaller = new ProcessingResponseMarshaller();

    private static ProcessingResponse headersReply() {
        return Replies.requestHeaders("10.0.0.1:8000", 204_800, Map.of("x-request-id", "abc", "content-type", "application/json"));
    }

    private static ProcessingResponse bodyReply(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) i;
        }
        return Replies.bodyChunks(ByteString.copyFrom(body), true, true).get(0);
    }

    private byte[] drained(ProcessingResponse reply) throws Exception {
        InputStream stream = marshaller.stream(reply);
        assertEquals(reply.getSerializedSize(), stream.available(), "its length is known before draining");
        var out = new ByteArrayOutputStream();
        assertEquals(reply.getSerializedSize(), ((Drainable) stream).drainTo(out));
        assertEquals(0, stream.available());
        assertEquals(-1, stream.read());
        return out.toByteArray();
    }

    @Test
    void drainedRepliesAreProtobufsOwnBytes() throws Exception {
        for (ProcessingResponse reply : new ProcessingResponse[] {headersReply(), bodyReply(100), bodyReply(8000),
                bodyReply(9000), bodyReply(Replies.BODY_CHUNK_BYTES), ProcessingResponse.getDefaultInstance()}) {
            assertArrayEquals(reply.toByteArray(), drained(reply), "size " + reply.getSerializedSize());
            assertEquals(reply, marshaller.parse(new java.io.ByteArrayInputStream(drained(reply))));
        }
    }

    @Test
    void aReplyCanAlsoBeReadAsAStream() throws Exception {
        ProcessingResponse reply = bodyReply(20_000);
        InputStream stream = marshaller.stream(reply);
        assertEquals(true, stream instanceof KnownLength);
        assertArrayEquals(reply.toByteArray(), stream.readAllBytes());
    }
}
