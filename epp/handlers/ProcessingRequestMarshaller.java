package epp.handlers;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads each ext_proc request into an array of its own and parses it with aliasing on, so a body
 * chunk (up to 64 KB) is a view of that array. gRPC's own protobuf marshaller reads into a reused
 * buffer and so must copy every bytes field out of it: one copy of each request body less.
 */
final class ProcessingRequestMarshaller implements MethodDescriptor.Marshaller<ProcessingRequest> {
    private static final MethodDescriptor.Marshaller<ProcessingRequest> DEFAULT =
            ProtoUtils.marshaller(ProcessingRequest.getDefaultInstance());

    @Override
    public InputStream stream(ProcessingRequest value) {
        return DEFAULT.stream(value);
    }

    @Override
    public ProcessingRequest parse(InputStream stream) {
        try {
            // Aliasing applies only to input protobuf knows to be immutable: a wrapped ByteString's.
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(readAll(stream)).newCodedInput();
            input.enableAliasing(true);
            return ProcessingRequest.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read the ext_proc message").withCause(e).asRuntimeException();
        }
    }

    /** gRPC's message streams know their length ({@code available()}): one read into an exact array. */
    private static byte[] readAll(InputStream stream) throws IOException {
        // readNBytes(byte[], ...) copies straight into the array; readNBytes(int) goes through 8 KB buffers.
        byte[] bytes = new byte[stream.available()];
        int read = stream.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            return java.util.Arrays.copyOf(bytes, read);
        }
        int next = stream.read();
        if (next == -1) {
            return bytes;
        }
        // Not a known-length stream after all: the rest, the slow way.
        byte[] tail = stream.readAllBytes();
        byte[] all = new byte[bytes.length + 1 + tail.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        all[bytes.length] = (byte) next;
        System.arraycopy(tail, 0, all, bytes.length + 1, tail.length);
        return all;
    }
}
