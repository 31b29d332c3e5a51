package epp.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProcessingRequestMarshallerTest {
    private static final ProcessingRequest REQUEST = ProcessingRequest.newBuilder()
            .setRequestBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8("x".repeat(65_536))).setEndOfStream(true))
            .build();

    /** The array a ByteString's bytes live in, and where. */
    private static int[] backing(ByteString bytes) throws Exception {
        int[] found = new int[2];
        UnsafeByteOperations.unsafeWriteTo(bytes, new ByteOutput() {
            @Override
            public void write(byte value) {}

            @Override
            public void write(byte[] value, int offset, int length) {
                found[0] = value.length;
                found[1] = offset;
            }

            @Override
            public void writeLazy(byte[] value, int offset, int length) {
                write(value, offset, length);
            }

            @Override
            public void write(ByteBuffer value) {}

            @Override
            public void writeLazy(ByteBuffer value) {}
        });
        return found;
    }

    @Test
    void theBodyIsAViewOfTheMessageNotACopy() throws Exception {
        ProcessingRequest parsed = new ProcessingRequestMarshaller().parse(new ByteArrayInputStream(REQUEST.toByteArray()));

        assertEquals(REQUEST, parsed);
        int[] array = backing(parsed.getRequestBody().getBody());
        assertEquals(REQUEST.getSerializedSize(), array[0], "the body's array is the whole message's");
        assertTrue(array[1] > 0, "the body starts inside it");
    }

    @Test
    void aStreamThatUnderstatesItsLengthIsStillReadWhole() {
        byte[] bytes = REQUEST.toByteArray();
        InputStream vague = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int available() {
                return 100;
            }
        };
        assertEquals(REQUEST, new ProcessingRequestMarshaller().parse(vague));
    }

    @Test
    void badBytesAreAnInternalError() {
        byte[] truncated = Arrays.copyOf(REQUEST.toByteArray(), 1000);
        var error = assertThrows(StatusRuntimeException.class,
                () -> new ProcessingRequestMarshaller().parse(new ByteArrayInputStream(truncated)));
        assertEquals(io.grpc.Status.Code.INTERNAL, error.getStatus().getCode());
    }
}
