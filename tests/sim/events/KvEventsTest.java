package sim.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import sim.engine.Engine;
import sim.engine.FinishReason;
import sim.engine.InferenceRequest;
import sim.engine.RequestListener;
import sim.engine.SimOptions;
import sim.engine.VirtualTimers;
import tokens.ByteChunkTokenizer;
import tokens.ChainedBlockHasher;

/** vLLM's KV events, received by a JeroMQ SUB socket and decoded as a subscriber decodes them. */
class KvEventsTest {
    private static final String TOPIC = "kv@127.0.0.1@m";
    private static final RequestListener IGNORE = new RequestListener() {
        @Override
        public void token(int index, String text) {}

        @Override
        public void finished(FinishReason reason, int promptTokens, int completionTokens) {}
    };

    /** One received message: its frames decoded. */
    private record Message(String topic, long sequence, Value payload) {
        List<Value> events() {
            return payload.asArrayValue().list().get(1).asArrayValue().list();
        }
    }

    private static Message receive(ZMQ.Socket sub) throws Exception {
        byte[] topic = sub.recv();
        if (topic == null) {
            return null;
        }
        assertTrue(sub.hasReceiveMore());
        byte[] sequence = sub.recv();
        assertEquals(8, sequence.length);
        assertTrue(sub.hasReceiveMore());
        byte[] payload = sub.recv();
        assertTrue(!sub.hasReceiveMore(), "three frames");
        try (var unpacker = MessagePack.newDefaultUnpacker(payload)) {
            return new Message(new String(topic, StandardCharsets.UTF_8), ByteBuffer.wrap(sequence).getLong(), unpacker.unpackValue());
        }
    }

    private static String unsigned(long hash) {
        return Long.toUnsignedString(hash);
    }

    private static List<String> hashes(Value array) {
        return array.asArrayValue().list().stream().map(v -> v.asIntegerValue().toBigInteger().toString()).toList();
    }

    @Test
    void storedAndRemovedBlocksArePublishedInVllmsFormat() throws Exception {
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket sub = zmq.createSocket(SocketType.SUB);
            sub.subscribe(new byte[0]);
            sub.setReceiveTimeOut(200);
            int port = sub.bindToRandomPort("tcp://127.0.0.1");
            VirtualTimers timers = new VirtualTimers();
            var publisher = new ZmqKvEventPublisher(zmq, "tcp://127.0.0.1:" + port, TOPIC, 0, 16, timers);

            // ZMQ drops what a PUB sends before the subscription reaches it: announce until heard
            Message hello = null;
            for (int i = 0; i < 150 && hello == null; i++) {
                publisher.allBlocksCleared();
                publisher.flush();
                hello = receive(sub);
            }
            assertNotNull(hello, "the subscriber never heard the publisher");
            assertEquals(TOPIC, hello.topic());
            Value cleared = hello.events().get(0);
            assertEquals(List.of("AllBlocksCleared"), cleared.asArrayValue().list().stream().map(Value::toString).toList());

            SimOptions options = new SimOptions();
            options.kvCacheSize = 3;
            options.timeToFirstToken = Duration.ofMillis(1);
            Engine engine = new Engine(options.validate(), 0, timers, new ChainedBlockHasher(), publisher);
            var tokenizer = new ByteChunkTokenizer();
            String first = "a".repeat(4 * 40);
            String second = "b".repeat(4 * 40);
            int[] firstTokens = tokenizer.encode(first);
            long[] firstHashes = new ChainedBlockHasher().hashFullBlocks(firstTokens, 16, null);
            long[] secondHashes = new ChainedBlockHasher().hashFullBlocks(tokenizer.encode(second), 16, null);

            engine.submit(new InferenceRequest(null, first, firstTokens, 1, true), IGNORE);
            timers.runAll();
            engine.submit(new InferenceRequest(null, second, tokenizer.encode(second), 1, true), IGNORE);
            timers.runAll();

            List<Value> events = new ArrayList<>();
            long lastSequence = hello.sequence();
            Message m;
            while (events.size() < 4 && (m = receive(sub)) != null) {
                assertTrue(m.sequence() > lastSequence, "sequence numbers grow");
                lastSequence = m.sequence();
                List<Value> batch = m.payload().asArrayValue().list();
                assertEquals(3, batch.size(), "[ts, events, data_parallel_rank]");
                assertTrue(batch.get(0).isFloatValue());
                assertEquals(0, batch.get(2).asIntegerValue().toInt());
                for (Value e : m.events()) {
                    if (!e.asArrayValue().get(0).asStringValue().asString().equals("AllBlocksCleared")) {
                        events.add(e);
                    }
                }
            }
            assertEquals(4, events.size(), events.toString());

            List<Value> stored = events.get(0).asArrayValue().list();
            assertEquals(8, stored.size());
            assertEquals("BlockStored", stored.get(0).asStringValue().asString());
            assertEquals(List.of(unsigned(firstHashes[0]), unsigned(firstHashes[1])), hashes(stored.get(1)));
            assertTrue(stored.get(2).isNilValue(), "no parent: the prompt's first block");
            int[] tokenIds = stored.get(3).asArrayValue().list().stream().mapToInt(v -> (int) v.asIntegerValue().toLong()).toArray();
            assertArrayEquals(Arrays.copyOf(firstTokens, 32), tokenIds);
            assertEquals(16, stored.get(4).asIntegerValue().toInt());
            assertTrue(stored.get(5).isNilValue(), "lora_id");
            assertEquals("GPU", stored.get(6).asStringValue().asString());
            assertTrue(stored.get(7).isNilValue(), "lora_name");

            // the second prompt needs all 3 blocks: the first one's are evicted, tail first
            assertEquals(List.of("BlockRemoved", unsigned(firstHashes[1]), "GPU"), removed(events.get(1)));
            assertEquals(List.of(unsigned(secondHashes[0]), unsigned(secondHashes[1])), hashes(events.get(2).asArrayValue().get(1)));
            assertEquals(List.of("BlockRemoved", unsigned(firstHashes[0]), "GPU"), removed(events.get(3)));
            publisher.close();
        }
    }

    private static List<String> removed(Value event) {
        List<Value> fields = event.asArrayValue().list();
        List<String> hashes = hashes(fields.get(1));
        assertEquals(1, hashes.size());
        return List.of(fields.get(0).asStringValue().asString(), hashes.get(0), fields.get(2).asStringValue().asString());
    }

    @Test
    void aDataParallelRankPublishesOnThePortPlusItsRank() {
        assertEquals("tcp://*:5559", ZmqKvEventPublisher.offsetPort("tcp://*:5557", 2));
        assertEquals("tcp://localhost:5557", ZmqKvEventPublisher.offsetPort("tcp://localhost:5557", 0));
    }
}
