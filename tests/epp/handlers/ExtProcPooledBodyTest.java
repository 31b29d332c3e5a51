package epp.handlers;

import static epp.testing.ExtProcExchange.body;
import static epp.testing.ExtProcExchange.requestBody;
import static epp.testing.ExtProcExchange.requestHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.requestcontrol.Director;
import epp.requestcontrol.LegacyAdmission;
import epp.requestcontrol.SaturationConfig;
import epp.requestcontrol.SaturationDetector;
import epp.testing.ExtProcExchange;
import epp.testing.InMemoryDatastore;
import epp.testing.LowestQueueScheduler;
import epp.testing.RecordingMetrics;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request bodies read into {@link BodyBufferPool#SHARED}'s arrays, over a real gRPC channel on loopback. */
class ExtProcPooledBodyTest {
    private final InMemoryDatastore datastore = InMemoryDatastore.withPods("10.0.0.1", "10.0.0.2");
    private final LowestQueueScheduler scheduler = new LowestQueueScheduler(1);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        var director = new Director(datastore, scheduler,
                new LegacyAdmission(new SaturationDetector(SaturationConfig.DEFAULT, Clock.systemUTC())));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(new ExtProcService(director, datastore, new RecordingMetrics()).definition()).build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static String request(char fill, int promptLength) {
        return "{\"model\":\"m\",\"prompt\":\"" + String.valueOf(fill).repeat(promptLength) + "\"}";
    }

    /** Sends {@code body} in chunks of {@code chunk} characters and returns the body forwarded back. */
    private String exchange(String body, int chunk, String... headers) throws Exception {
        var ex = new ExtProcExchange(channel).send(requestHeaders(false, headers));
        for (int from = 0; from < body.length(); from += chunk) {
            int to = Math.min(body.length(), from + chunk);
            ex.send(requestBody(body.substring(from, to), to == body.length()));
        }
        int replies = 1 + (body.length() + Replies.BODY_CHUNK_BYTES - 1) / Replies.BODY_CHUNK_BYTES;
        String forwarded = body(ex.awaitReplies(replies).subList(1, replies)).toStringUtf8();
        assertEquals(Status.OK, ex.finish());
        return forwarded;
    }

    @Test
    void theArraysOfOneStreamsBodyGoBackAtItsEndAndTheNextBodiesAreTheirOwn() throws Exception {
        String first = request('a', 200 * 1024);
        assertEquals(first, exchange(first, 65_536, ":method", "POST"));
        assertEquals(0, BodyBufferPool.SHARED.arraysOut(), "the chunks' arrays are given back at the stream's end");

        String second = request('b', 150_000); // shorter: the reused arrays still hold the first body's tail
        assertEquals(second, exchange(second, 65_536, ":method", "POST"));
        String rewritten = request('c', 100_000);
        assertEquals(rewritten.replace("\"m\"", "\"m2\""),
                exchange(rewritten, 40_000, ":method", "POST", "x-gateway-model-name-rewrite", "m2"));
        assertEquals(0, BodyBufferPool.SHARED.arraysOut());
    }

    @Test
    void aBodyRejectedAsInvalidGivesItsArraysBackToo() throws Exception {
        var ex = new ExtProcExchange(channel).send(requestHeaders(false, ":method", "POST"));
        ex.send(requestBody("{\"model\":" + "x".repeat(70_000), false)).send(requestBody("}", true));
        assertEquals(400, ex.awaitReplies(1).get(0).getImmediateResponse().getStatus().getCodeValue());
        ex.finish();
        assertEquals(0, BodyBufferPool.SHARED.arraysOut());
    }
}
