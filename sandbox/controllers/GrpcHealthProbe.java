package sandbox.controllers;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/** A readiness probe of kind `grpc`, as the kubelet runs it: Health/Check of a service name, SERVING passes. */
final class GrpcHealthProbe implements AutoCloseable {
    private final ManagedChannel channel;
    private final String service;

    GrpcHealthProbe(String host, int port, String service) {
        this.channel = Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build();
        this.service = service == null ? "" : service;
    }

    /** Null when it passes, else why not. */
    String check() {
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
            return status == ServingStatus.SERVING ? null : "health of \"" + service + "\" is " + status;
        } catch (StatusRuntimeException e) {
            return "health check failed: " + e.getStatus().getCode();
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
