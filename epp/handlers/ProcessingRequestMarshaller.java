package epp.handlers;

import com.google.protobuf.ByteString;
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
 * A request-body message is read into an array from {@link BodyBufferPool}, which the stream gives
 * back when it ends ({@link ExtProcStream}), so a prompt costs no new array per request.
 */
final class ProcessingRequestMarshaller implements MethodDescriptor.Marshaller<ProcessingRequest> {
    private static final MethodDescriptor.Marshaller<ProcessingRequest> DEFAULT =
            ProtoUtils.marshaller(ProcessingRequest.getDefaultInstance());

    @Override
    public InputStream stream(ProcessingRequest value) {
        return DEFAULT.stream(value);
    }

    /** The first byte of a message whose first field is `request_body` (field 4, length-delimited). */
    static final int REQUEST_BODY_TAG = (ProcessingRequest.REQUEST_BODY_FIELD_NUMBER << 3) | 2;

    private final BodyBufferPool pool;

    /** Request bodies read into arrays from {@code pool}, which the stream gives them back to. */
    ProcessingRequestMarshaller(BodyBufferPool pool) {
        this.pool = pool;
    }

    /** Every message read into a new array of its own, sized exactly. */
    ProcessingRequestMarshaller() {
        this(BodyBufferPool.NONE);
    }

    @Override
    public ProcessingRequest parse(InputStream stream) {
        ByteString bytes = ByteString.EMPTY;
        try {
            bytes = read(stream);
            // Aliasing applies only to input protobuf knows to be immutable: a wrapped ByteString's.
            CodedInputStream input = bytes.newCodedInput();
            input.enableAliasing(true);
            return ProcessingRequest.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
        } catch (InvalidProtocolBufferException e) {
            pool.release(bytes);
            throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read the ext_proc message").withCause(e).asRuntimeException();
        }
    }

    /**
     * The message's bytes, read into one array of their own: a pooled one when the message is a
     * request body. gRPC's message streams know their length ({@code available()}).
     */
    private ByteString read(InputStream stream) throws IOException {
        int size = stream.available();
        int first = stream.read();
        if (first == -1) {
            return ByteString.EMPTY;
        }
        byte[] array = first == REQUEST_BODY_TAG && size > 1 ? pool.take(size) : new byte[Math.max(1, size)];
        array[0] = (byte) first;
        // readNBytes(byte[], ...) copies straight into the array; readNBytes(int) goes through 8 KB buffers.
        int read = 1 + stream.readNBytes(array, 1, Math.max(1, size) - 1);
        int next = read < size ? -1 : stream.read();
        if (next == -1) {
            return UnsafeByteOperations.unsafeWrap(array, 0, read);
        }
        // Not a known-length stream after all: the rest, the slow way.
        byte[] tail = stream.readAllBytes();
        byte[] all = new byte[read + 1 + tail.length];
        System.arraycopy(array, 0, all, 0, read);
        all[read] = (byte) next;
        System.arraycopy(tail, 0, all, read + 1, tail.length);
        return UnsafeByteOperations.unsafeWrap(all);
    }
}
