package epp.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real ZMQ sockets on loopback addresses: vLLM-style publishers, the EPP's subscriber. */
class KvEventSubscriberTest {
    private static final int[] TOKENS = IntStream.range(0, 16).toArray();

    private final ListeningDatastore datastore = new ListeningDatastore();
    private final BlockIndex index = new BlockIndex(1000, 10);
    private KvEventSubscriber subscriber;

    @AfterEach
    void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static Endpoint endpoint(String pod, String ip, int rank) {
        return new Endpoint(new EndpointId("ns", pod, rank), ip, 8000 + rank, Map.of());
    }

    private static byte[] stored(long... hashes) {
        return new VllmEventEncoder().stored(hashes, null, IntStream.range(0, 16 * hashes.length).toArray(), 16)
                .batch(1.0, 0);
    }

    private KvEventSubscriber subscribe(int port, int replayPort) {
        subscriber = new KvEventSubscriber(
                new KvEventsConfig(port, replayPort, "", Duration.ofSeconds(10), 100), index).follow(datastore);
        return subscriber;
    }

    @Test
    void eachEndpointsEventsLandUnderThatEndpoint() throws Exception {
        try (VllmPublisher first = new VllmPublisher("127.0.0.2", 0, -1, "kv@pod-a@m");
             VllmPublisher second = new VllmPublisher("127.0.0.3", first.port(), -1, "kv@pod-b@m")) {
            Endpoint a = endpoint("a", "127.0.0.2", 0);
            Endpoint b = endpoint("b", "127.0.0.3", 0);
            datastore.add(a);
            datastore.add(b);
            subscribe(first.port(), 0);
            assertEquals("", first.awaitSubscriber(), "every topic by default");
            second.awaitSubscriber();

            first.publish(stored(11, 12));
            second.publish(stored(21));
            await(() -> index.contains(12, a.id()) && index.contains(21, b.id()), "both endpoints' blocks");
            assertFalse(index.contains(21, a.id()));

            first.publish(new VllmEventEncoder().removed(11).batch(2.0, 0));
            await(() -> !index.contains(11, a.id()), "the removed block to go");
            second.publish(new VllmEventEncoder().cleared().batch(3.0, 0));
            await(() -> !index.contains(21, b.id()), "the cleared cache to go");
            assertTrue(index.contains(12, a.id()));
            assertEquals(0, subscriber.counters().gaps.sum());
        }
    }

    @Test
    void aDataParallelRankIsReadOnThePortOffsetByTheRank() throws Exception {
        try (VllmPublisher rank1 = new VllmPublisher("127.0.0.4", 0, -1, "")) {
            Endpoint endpoint = endpoint("dp", "127.0.0.4", 1);
            datastore.add(endpoint);
            subscribe(rank1.port() - 1, 0);
            rank1.awaitSubscriber();
            rank1.publish(stored(5));
            await(() -> index.contains(5, endpoint.id()), "rank 1's block");
        }
    }

    @Test
    void aGapIsFilledThroughTheReplaySocket() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.5", 0, 0, "")) {
            Endpoint endpoint = endpoint("a", "127.0.0.5", 0);
            datastore.add(endpoint);
            subscribe(publisher.port(), publisher.replayPort());
            publisher.awaitSubscriber();

            publisher.publish(stored(1));       // seq 0
            publisher.lose(stored(2));          // seq 1: never arrives live
            publisher.publish(stored(3));       // seq 2: the gap shows
            assertEquals(1, publisher.serveReplay(), "the replay starts at the first missing batch");
            await(() -> index.contains(3, endpoint.id()), "the batch after the gap");
            assertTrue(index.contains(1, endpoint.id()));
            assertTrue(index.contains(2, endpoint.id()), "the lost batch came through the replay");
            publisher.publish(stored(4));       // seq 3: the stream goes on
            await(() -> index.contains(4, endpoint.id()), "the next live batch");
            KvEventCounters counters = subscriber.counters();
            assertEquals(1, counters.gaps.sum());
            assertEquals(0, counters.drops.sum());
            assertEquals(2, counters.replayed.sum(), "seq 1 and 2 replayed; the live seq 2 was a duplicate");
        }
    }

    @Test
    void aGapTheReplayBufferNoLongerHoldsDropsTheEndpointsBlocks() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.6", 0, 0, "")) {
            Endpoint endpoint = endpoint("a", "127.0.0.6", 0);
            datastore.add(endpoint);
            subscribe(publisher.port(), publisher.replayPort());
            publisher.awaitSubscriber();

            publisher.publish(stored(1));       // seq 0
            publisher.forget();                 // seq 1: lost and gone from the replay buffer
            publisher.publish(stored(3));       // seq 2
            publisher.serveReplay();
            await(() -> index.contains(3, endpoint.id()), "the batch after the gap");
            assertFalse(index.contains(1, endpoint.id()), "blocks from before an unfilled gap are dropped");
            assertEquals(1, subscriber.counters().drops.sum());
        }
    }

    @Test
    void withoutAReplaySocketAGapDropsTheEndpointsBlocks() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.7", 0, -1, "")) {
            Endpoint endpoint = endpoint("a", "127.0.0.7", 0);
            datastore.add(endpoint);
            subscribe(publisher.port(), 0);
            publisher.awaitSubscriber();

            publisher.publish(stored(1));
            publisher.forget();
            publisher.publish(stored(3));
            await(() -> index.contains(3, endpoint.id()), "the batch after the gap");
            assertFalse(index.contains(1, endpoint.id()));
            assertEquals(1, subscriber.counters().gaps.sum());
            assertEquals(1, subscriber.counters().drops.sum());
        }
    }

    @Test
    void anEndpointThatLeavesLosesItsBlocksAndItsStream() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.8", 0, -1, "")) {
            Endpoint endpoint = endpoint("a", "127.0.0.8", 0);
            datastore.add(endpoint);
            subscribe(publisher.port(), 0);
            publisher.awaitSubscriber();
            publisher.publish(stored(1, 2));
            await(() -> index.contains(2, endpoint.id()), "the endpoint's blocks");
            assertEquals(1, subscriber.openStreams());

            datastore.remove(endpoint);
            await(() -> subscriber.openStreams() == 0 && index.size() == 0, "the stream to close and its blocks to go");
        }
    }

    @Test
    void theSubscriptionCarriesTheTopicFilter() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.9", 0, -1, "kv@pod@m")) {
            datastore.add(endpoint("a", "127.0.0.9", 0));
            subscriber = new KvEventSubscriber(
                    new KvEventsConfig(publisher.port(), 0, "kv@", Duration.ofSeconds(1), 10), index).follow(datastore);
            // ZMQ filters on the publisher's side, by the prefix the subscription names.
            assertEquals("kv@", publisher.awaitSubscriber());
        }
    }

    @Test
    void inCentralModeServersConnectToTheEppAndNameThemselvesInTheTopic() throws Exception {
        Endpoint rank0 = new Endpoint(new EndpointId("ns", "pod-x", 0), "127.0.0.21", 8000, Map.of());
        Endpoint rank1 = new Endpoint(new EndpointId("ns", "pod-x", 1), "127.0.0.21", 8001, Map.of());
        Endpoint other = endpoint("pod-y", "127.0.0.22", 0);
        datastore.add(rank0);
        datastore.add(rank1);
        datastore.add(other);
        subscriber = new KvEventSubscriber(new KvEventsConfig(5557, 0, "kv@", Duration.ofSeconds(1), 10, false,
                "tcp://127.0.0.20:*"), index).follow(datastore);
        String bound = subscriber.boundEndpoint();
        assertTrue(bound.startsWith("tcp://127.0.0.20:"), bound);
        assertEquals(0, subscriber.openStreams(), "discoverPods: false opens no per-pod socket");

        try (VllmPublisher byIpPort = VllmPublisher.connecting(bound, "kv@127.0.0.21:8001@tiny");
             VllmPublisher byName = VllmPublisher.connecting(bound, "kv@pod-y@tiny");
             VllmPublisher stranger = VllmPublisher.connecting(bound, "kv@10.9.9.9@tiny")) {
            byIpPort.awaitSubscriber();
            byName.awaitSubscriber();
            stranger.awaitSubscriber();
            stranger.publish(stored(9));
            byIpPort.publish(stored(1));
            byName.publish(stored(2));
            await(() -> index.contains(1, rank1.id()) && index.contains(2, other.id())
                    && subscriber.counters().unknownTopics.sum() == 1, "both servers' blocks and the stranger dropped");
            assertFalse(index.contains(1, rank0.id()), "IP:port names the data-parallel rank");
            assertFalse(index.contains(9, rank0.id()));
        }
    }

    /** The datastore's news reaches the subscriber's thread through a queue: a message must not overtake it. */
    @Test
    void inCentralModeAServerPublishingAsSoonAsTheDatastoreHasItsEndpointIsNotDropped() throws Exception {
        subscriber = new KvEventSubscriber(new KvEventsConfig(5557, 0, "kv@", Duration.ofSeconds(1), 10, false,
                "tcp://127.0.0.25:*"), index).follow(datastore);
        try (VllmPublisher server = VllmPublisher.connecting(subscriber.boundEndpoint(), "kv@pod-z@tiny")) {
            server.awaitSubscriber();
            Endpoint endpoint = endpoint("pod-z", "127.0.0.26", 0);
            datastore.add(endpoint); // while the subscriber's thread waits in its poll
            server.publish(stored(7));
            await(() -> index.contains(7, endpoint.id()), "the block of the endpoint the datastore had");
            assertEquals(0, subscriber.counters().unknownTopics.sum());
        }
    }

    @Test
    void topicsNameEndpointsByIpPortIpOrPodName() {
        Endpoint rank0 = new Endpoint(new EndpointId("ns", "pod-x", 0), "10.0.0.1", 8000, Map.of());
        Endpoint rank1 = new Endpoint(new EndpointId("ns", "pod-x", 1), "10.0.0.1", 8001, Map.of());
        List<Endpoint> known = List.of(rank1, rank0);
        assertEquals("10.0.0.1:8001", CentralSocket.podIdentifier("kv@10.0.0.1:8001@meta-llama/Llama-3.1-8B"));
        assertEquals(rank1, CentralSocket.resolve("10.0.0.1:8001", known));
        assertEquals(rank0, CentralSocket.resolve("10.0.0.1", known));
        assertEquals(rank0, CentralSocket.resolve("pod-x", known));
        assertEquals(rank0, CentralSocket.resolve("ns/pod-x", known));
        assertNull(CentralSocket.resolve("10.0.0.2", known));
    }

    @Test
    void aReplayThatNeverEndsIsGivenUpAndTheWaitingBatchesApplied() throws Exception {
        try (VllmPublisher publisher = new VllmPublisher("127.0.0.23", 0, 0, "")) {
            Endpoint endpoint = endpoint("a", "127.0.0.23", 0);
            datastore.add(endpoint);
            subscriber = new KvEventSubscriber(new KvEventsConfig(publisher.port(), publisher.replayPort(), "",
                    Duration.ofMillis(200), 100), index).follow(datastore);
            publisher.awaitSubscriber();
            publisher.publish(stored(1));
            publisher.lose(stored(2));
            publisher.publish(stored(3)); // the replay is asked for and never answered
            await(() -> index.contains(3, endpoint.id()), "the waiting batch after the replay is given up");
            assertFalse(index.contains(1, endpoint.id()), "blocks from before the unfilled gap are dropped");
            assertEquals(1, subscriber.counters().replays.sum());
            assertEquals(1, subscriber.counters().drops.sum());
        }
    }

    @Test
    void aPublisherThatRestartsLosesItsOldBlocks() throws Exception {
        Endpoint endpoint = endpoint("a", "127.0.0.24", 0);
        datastore.add(endpoint);
        int port;
        try (VllmPublisher before = new VllmPublisher("127.0.0.24", 0, -1, "")) {
            port = before.port();
            subscribe(port, 0);
            before.awaitSubscriber();
            before.publish(stored(1)); // seq 0
            before.publish(stored(2)); // seq 1
            await(() -> index.contains(2, endpoint.id()), "the first run's blocks");
        }
        try (VllmPublisher after = new VllmPublisher("127.0.0.24", port, -1, "")) {
            after.awaitSubscriber(); // the SUB socket reconnects by itself
            after.publish(stored(5)); // seq 0 again: a new process with an empty cache
            await(() -> index.contains(5, endpoint.id()), "the new run's block");
            assertFalse(index.contains(1, endpoint.id()));
            assertFalse(index.contains(2, endpoint.id()));
            assertEquals(1, subscriber.counters().drops.sum());
        }
    }
}
