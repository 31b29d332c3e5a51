package epp.handlers;

import epp.datastore.Datastore;
import epp.requestcontrol.Director;
import epp.tracing.Tracing;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
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

    @Override
    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> replies) {
        // A proxy that goes away is seen by the stream's onError; replies sent after that are
        // dropped instead of throwing into the handler.
        ((ServerCallStreamObserver<ProcessingResponse>) replies).setOnCancelHandler(() -> { });
        return new ExtProcStream(replies, director, datastore, metrics, new StreamSpan(tracing));
    }
}
