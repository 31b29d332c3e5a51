package epp.handlers;

import epp.datastore.Datastore;
import epp.requestcontrol.Director;
import epp.tracing.Tracing;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The `envoy.service.ext_proc.v3.ExternalProcessor` service: one {@link ExtProcStream} per call. */
public final class ExtProcService extends ExternalProcessorGrpc.ExternalProcessorImplBase {
    private final Director director;
    private final Datastore datastore;
    private final RequestMetrics metrics;
    private final Tracing tracing;

    public ExtProcService(Director director, Datastore datastore, RequestMetrics metrics) {
        this(director, datastore, metrics, Tracing.disabled());
    }

    /** With {@code tracing}, every stream is a span (parent from the request's `traceparent`). */
    public ExtProcService(Director director, Datastore datastore, RequestMetrics metrics, Tracing tracing) {
        this.director = director;
        this.datastore = datastore;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /**
     * The service as the EPP serves it: the generated definition, with requests read by
     * {@link ProcessingRequestMarshaller} (body chunks are not copied out of the message, which is
     * read into a pooled array that the stream gives back when it ends) and replies written by
     * {@link ProcessingResponseMarshaller} (no new encoder buffer per reply).
     */
    public ServerServiceDefinition definition() {
        ServerServiceDefinition generated = bindService();
        ServiceDescriptor descriptor = generated.getServiceDescriptor();
        var methods = new java.util.ArrayList<ServerMethodDefinition<?, ?>>();
        var service = ServiceDescriptor.newBuilder(descriptor.getName()).setSchemaDescriptor(descriptor.getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            ServerMethodDefinition<?, ?> bound = method;
            if (method.getMethodDescriptor().getFullMethodName().equals(ExternalProcessorGrpc.getProcessMethod().getFullMethodName())) {
                @SuppressWarnings("unchecked")
                var process = (ServerMethodDefinition<ProcessingRequest, ProcessingResponse>) method;
                var aliasing = process.getMethodDescriptor().toBuilder(new ProcessingRequestMarshaller(BodyBufferPool.SHARED),
                        new ProcessingResponseMarshaller()).build();
                bound = ServerMethodDefinition.create(aliasing, process.getServerCallHandler());
            }
            methods.add(bound);
            service.addMethod(bound.getMethodDescriptor());
        }
        var definition = ServerServiceDefinition.builder(service.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    @Override
    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> replies) {
        // A proxy that goes away is seen by the stream's onError; replies sent after that are
        // dropped instead of throwing into the handler.
        ((ServerCallStreamObserver<ProcessingResponse>) replies).setOnCancelHandler(() -> { });
        return new ExtProcStream(replies, director, datastore, metrics, new StreamSpan(tracing));
    }
}
