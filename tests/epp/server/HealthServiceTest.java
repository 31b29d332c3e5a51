package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health answers of epp.md §7.2 over a real gRPC channel. */
class HealthServiceTest {
    private final AtomicBoolean live = new AtomicBoolean();
    private final AtomicBoolean leader = new AtomicBoolean();
    private Server server;
    private ManagedChannel channel;

    private HealthGrpc.HealthBlockingStub start(boolean leaderElection) throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService((BindableService) new HealthService(live::get, leaderElection, leader::get)).build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static ServingStatus check(HealthGrpc.HealthBlockingStub stub, String service) {
        return stub.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    @Test
    void withoutLeaderElectionAnyServiceNameIsServingOnceThePoolIsSynced() throws Exception {
        var stub = start(false);
        assertEquals(ServingStatus.NOT_SERVING, check(stub, "inference-extension"));
        live.set(true);
        assertEquals(ServingStatus.SERVING, check(stub, "inference-extension"));
        assertEquals(ServingStatus.SERVING, check(stub, ""));
        assertEquals(ServingStatus.SERVING, check(stub, "anything"));
    }

    @Test
    void withLeaderElectionLivenessIsAlwaysServingAndReadinessNeedsLeadership() throws Exception {
        var stub = start(true);
        assertEquals(ServingStatus.SERVING, check(stub, "liveness"));
        live.set(true);
        assertEquals(ServingStatus.NOT_SERVING, check(stub, "readiness"));
        leader.set(true);
        assertEquals(ServingStatus.SERVING, check(stub, "readiness"));
        assertEquals(ServingStatus.SERVING, check(stub, "envoy.service.ext_proc.v3.ExternalProcessor"));
        assertEquals(ServingStatus.SERVICE_UNKNOWN, check(stub, "inference-extension"));
    }

    @Test
    void watchIsUnimplemented() throws Exception {
        var stub = start(false);
        var error = assertThrows(StatusRuntimeException.class,
                () -> stub.watch(HealthCheckRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.UNIMPLEMENTED, error.getStatus().getCode());
        assertEquals("Watch is not implemented", error.getStatus().getDescription());
    }
}
