package epp.server;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;

/**
 * The gRPC health service of the health port (epp.md §7.2). Live = the pool is synced. Without
 * leader election every service name answers SERVING iff live; with it, `liveness` is always
 * SERVING and `readiness`, "" and the ext_proc service need live AND leader. Once the EPP stops
 * (SIGTERM) every name but `liveness` answers NOT_SERVING, so no new traffic is sent its way while
 * open streams drain.
 */
public final class HealthService extends HealthGrpc.HealthImplBase {
    static final String EXT_PROC_SERVICE = "envoy.service.ext_proc.v3.ExternalProcessor";

    private final BooleanSupplier live;
    private final boolean leaderElection;
    private final BooleanSupplier leader;
    private volatile boolean stopping;

    public HealthService(BooleanSupplier live, boolean leaderElection, BooleanSupplier leader) {
        this.live = live;
        this.leaderElection = leaderElection;
        this.leader = leader;
    }

    /** From now on only `liveness` may answer SERVING. */
    public void stopServing() {
        stopping = true;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> reply) {
        ServingStatus status = status(request.getService());
        reply.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
        reply.onCompleted();
    }

    private ServingStatus status(String service) {
        if (!leaderElection) {
            return serving(!stopping && live.getAsBoolean());
        }
        return switch (service) {
            case "liveness" -> ServingStatus.SERVING;
            case "readiness", "", EXT_PROC_SERVICE -> serving(!stopping && live.getAsBoolean() && leader.getAsBoolean());
            default -> ServingStatus.SERVICE_UNKNOWN;
        };
    }

    private static ServingStatus serving(boolean ok) {
        return ok ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> reply) {
        reply.onError(Status.UNIMPLEMENTED.withDescription("Watch is not implemented").asRuntimeException());
    }
}
