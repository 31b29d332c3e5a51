package epp.handlers;

import com.google.protobuf.CodedOutputStream;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes each ext_proc reply into gRPC's outgoing buffers without a new 4 KB array per message, which
 * gRPC's protobuf marshaller allocates for its encoder: a small reply is encoded in a reused per-thread
 * array, a large one (a body chunk) through a 256-byte encoder that hands the body bytes straight on.
 * The bytes are the same as protobuf's own serialisation.
 */
final class ProcessingResponseMarshaller implements MethodDescriptor.Marshaller<ProcessingResponse> {
    private static final MethodDescriptor.Marshaller<ProcessingResponse> DEFAULT =
            ProtoUtils.marshaller(ProcessingResponse.getDefaultInstance());
    /** Replies up to this size (headers, immediate responses) are encoded in the per-thread array. */
    static final int SMALL = 8192;
    private static final int LARGE_ENCODER_BUFFER = 256;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SMALL]);

    @Override
    public InputStream stream(ProcessingResponse value) {
        return new ReplyStream(value);
    }

    @Override
    public ProcessingResponse parse(InputStream stream) {
        return DEFAULT.parse(stream);
    }

    /** What gRPC's framer drains a reply from; read byte by byte only by other consumers. */
    private static final class ReplyStream extends InputStream implements Drainable, KnownLength {
        private ProcessingResponse message;
        private InputStream bytes; // only when read instead of drained

        ReplyStream(ProcessingResponse message) {
            this.message = message;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            if (message == null) {
                return bytes == null ? 0 : (int) bytes.transferTo(target);
            }
            int size = message.getSerializedSize();
            if (size <= SMALL) {
                byte[] scratch = SCRATCH.get();
                CodedOutputStream out = CodedOutputStream.newInstance(scratch, 0, size);
                message.writeTo(out);
                out.checkNoSpaceLeft();
                target.write(scratch, 0, size);
            } else {
                CodedOutputStream out = CodedOutputStream.newInstance(target, LARGE_ENCODER_BUFFER);
                message.writeTo(out);
                out.flush();
            }
            message = null;
            return size;
        }

        private InputStream bytes() {
            if (message != null) {
                bytes = new ByteArrayInputStream(message.toByteArray());
                message = null;
            }
            return bytes == null ? InputStream.nullInputStream() : bytes;
        }

        @Override
        public int read() throws IOException {
            return bytes().read();
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            return bytes().read(target, offset, length);
        }

        @Override
        public int available() throws IOException {
            return message != null ? message.getSerializedSize() : bytes().available();
        }
    }
}
