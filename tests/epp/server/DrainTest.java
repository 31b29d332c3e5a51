package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Authenticator;
import epp.cli.EppCommand;
import epp.datastore.Datastore;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.testing.ExtProcExchange;
import epp.testing.InMemoryDatastore;
import epp.testing.LowestQueueScheduler;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 12: on SIGTERM the EPP releases its Lease and turns NOT_SERVING first, refuses new
 * ext_proc streams, and lets the open ones finish up to the drain timeout.
 */
class DrainTest {
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    private final Backends backends = new Backends() {
        @Override
        public Datastore createDatastore(EppConfig config) {
            return InMemoryDatastore.withPods("10.0.0.1");
        }

        @Override
        public void startDatastore(Datastore datastore) {}

        @Override
        public boolean poolSynced(Datastore d) {
            return d.pool().isPresent();
        }

        @Override
        public Scheduler scheduler(String configText, Datastore d, SchedulingObserver observer) {
            return new LowestQueueScheduler(1);
        }

        @Override
        public BooleanSupplier startLeaderElection(EppConfig config) {
            return () -> !steps.contains("lease released");
        }

        @Override
        public void releaseLeadership() {
            steps.add("lease released");
        }

        @Override
        public Authenticator metricsAuthenticator() {
            throw new AssertionError("started with --metrics-endpoint-auth=false");
        }
    };

    @AfterEach
    void closeChannels() throws InterruptedException {
        for (var channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static EppConfig config(String... extra) {
        List<String> args = new ArrayList<>(List.of("--pool-name", "vllm", "--zap-encoder", "json", "--tracing=false",
                "--secure-serving=false", "--metrics-endpoint-auth=false", "--ha-enable-leader-election",
                "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0"));
        args.addAll(List.of(extra));
        CommandLine line = EppCommand.commandLine(null, Map.of());
        line.parseArgs(args.toArray(new String[0]));
        return ((EppCommand) line.getCommand()).flags().config(Map.of());
    }

    private ManagedChannel channel(int port) {
        var channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        channels.add(channel);
        return channel;
    }

    private ServingStatus readiness(EppServers servers) {
        return HealthGrpc.newBlockingStub(channel(servers.healthPort())).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("readiness").build()).getStatus();
    }

    /** A request routed and its response not yet seen: the stream stays open, as while a model streams tokens. */
    private static ExtProcExchange openStream(ManagedChannel channel) throws InterruptedException {
        var stream = new ExtProcExchange(channel).send(ExtProcExchange.requestHeaders(true, ":method", "GET"));
        assertEquals("x-gateway-destination-endpoint=10.0.0.1:8000", ExtProcExchange.setHeaders(stream.awaitReplies(1).get(0)).get(0));
        return stream;
    }

    @Test
    void anOpenStreamFinishesAfterTheStopWhileNewStreamsAreRefusedAndTheLeaseIsReleasedFirst() throws Exception {
        var runner = new EppRunner(backends);
        EppServers servers = runner.start(config(), Map.of());
        var extProc = channel(servers.grpcPort());
        assertEquals(ServingStatus.SERVING, readiness(servers));
        ExtProcExchange open = openStream(extProc);

        runner.stopAccepting();
        assertEquals(List.of("lease released"), steps);
        assertEquals(ServingStatus.NOT_SERVING, readiness(servers));
        var refused = new ExtProcExchange(extProc).send(ExtProcExchange.requestHeaders(true, ":method", "GET"));
        assertEquals(Status.Code.UNAVAILABLE, refused.awaitEnd().getCode());

        CompletableFuture<Void> closed = CompletableFuture.runAsync(runner::close);
        open.send(ExtProcExchange.responseHeaders(":status", "200", "content-type", "text/event-stream"));
        open.send(ExtProcExchange.responseBody("data: {\"choices\":[{\"text\":\"hi\"}]}\n\n", false));
        open.send(ExtProcExchange.responseBody("data: [DONE]\n\n", true));
        assertEquals(4, open.awaitReplies(4).size(), "every response message of the open stream is answered during the drain");
        assertFalse(closed.isDone(), "the EPP waits for the open stream");
        assertEquals(Status.Code.OK, open.finish().getCode());
        closed.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStreamStillOpenAtTheDrainTimeoutIsCancelled() throws Exception {
        var runner = new EppRunner(backends);
        EppServers servers = runner.start(config("--drain-timeout=0s"), Map.of());
        ExtProcExchange open = openStream(channel(servers.grpcPort()));

        runner.close();
        Status.Code cut = open.awaitEnd().getCode();
        assertTrue(cut == Status.Code.CANCELLED || cut == Status.Code.UNAVAILABLE, "the stream is cut, not ended: " + cut);
        assertTrue(steps.contains("lease released"));
    }
}
