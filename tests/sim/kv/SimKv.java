package sim.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import epp.kvevents.KvEvent;
import epp.kvevents.KvEventDecoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import sim.engine.SimOptions;
import sim.server.RunningPod;

/** Shared by the KV tests: simulators set up as vLLM with the project's tiny tokenizer, HTTP and replay clients. */
final class SimKv {
    static final String TOKENIZER = "tokens/tiny/tokenizer.json";
    static final String SEED = "42";
    static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 as scrapers and gateways speak it (no h2c upgrade); a hung server fails the test instead of hanging it. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Long enough for several 16-token blocks of the tiny tokenizer. */
    static final String PROMPT = ("the cat and the hat sat on the mat to sing a song of the sea and the stars "
            + "in the night that the sailors sing in the port of the north when the ships return ").repeat(3);

    private SimKv() {}

    /** vLLM-like options: the tiny tokenizer, sha256_cbor seeded 42, KV events and replay on any free ports, no latency. */
    static SimOptions vllmLike() {
        SimOptions o = new SimOptions();
        o.tokenizer = TOKENIZER;
        o.prefixCachingHashAlgo = "sha256_cbor";
        o.hashSeed = SEED;
        o.enableKvcache = true;
        o.zmqEndpoint = "tcp://*:0";
        o.kvEventsReplayEndpoint = "tcp://*:0";
        o.mode = "echo";
        o.prefillOverhead = Duration.ZERO;
        o.prefillTimePerToken = Duration.ZERO;
        o.prefillTimeStdDev = Duration.ZERO;
        o.interTokenLatency = Duration.ZERO;
        o.interTokenLatencyStdDev = Duration.ZERO;
        return o;
    }

    static HttpResponse<String> post(RunningPod pod, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pod.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(RunningPod pod, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pod.baseUrl() + path)).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void complete(RunningPod pod, String prompt, String cacheSalt) throws Exception {
        var body = JSON.createObjectNode().put("model", "meta-llama/Llama-3.1-8B-Instruct").put("prompt", prompt).put("max_tokens", 1);
        if (cacheSalt != null) {
            body.put("cache_salt", cacheSalt);
        }
        HttpResponse<String> response = post(pod, "/v1/completions", body.toString());
        assertEquals(200, response.statusCode(), response.body());
    }

    static HttpResponse<String> chat(RunningPod pod, List<String[]> messages) throws Exception {
        var body = JSON.createObjectNode().put("model", "meta-llama/Llama-3.1-8B-Instruct").put("max_tokens", 1);
        var array = body.putArray("messages");
        for (String[] m : messages) {
            array.addObject().put("role", m[0]).put("content", m[1]);
        }
        return post(pod, "/v1/chat/completions", body.toString());
    }

    /** One replayed batch. */
    record Batch(long seq, byte[] payload) {}

    /**
     * Asks the pod's replay ROUTER for every batch from {@code from} on, as the EPP's subscriber asks
     * ({@code [empty, seq]} on a DEALER), and reads the answer up to the end marker.
     */
    static List<Batch> replay(ZContext zmq, String address, int replayPort, long from) {
        // The EPP gives a replay 2 s and then drops the pod's blocks; a test asks again, on a new socket.
        for (int attempt = 1; ; attempt++) {
            List<Batch> answer = replayOnce(zmq, address, replayPort, from, 3_000);
            if (answer != null) {
                return answer;
            }
            if (attempt == 5) {
                throw new AssertionError("no replay answer from " + address + ":" + replayPort + " in " + attempt + " attempts");
            }
        }
    }

    /** One replay request; null when no answer comes within the timeout. */
    private static List<Batch> replayOnce(ZContext zmq, String address, int replayPort, long from, int timeoutMillis) {
        ZMQ.Socket dealer = zmq.createSocket(SocketType.DEALER);
        try {
            dealer.setLinger(0);
            dealer.setReceiveTimeOut(timeoutMillis);
            dealer.connect("tcp://" + address + ":" + replayPort);
            dealer.sendMore(new byte[0]);
            dealer.send(ByteBuffer.allocate(8).putLong(from).array());
            List<Batch> batches = new ArrayList<>();
            while (true) {
                byte[] empty = dealer.recv(0);
                if (empty == null) {
                    return null;
                }
                assertEquals(0, empty.length, "a replay answer starts with an empty frame");
                byte[] seq = dealer.recv(0);
                byte[] payload = dealer.recv(0);
                assertEquals(8, seq.length);
                long s = ByteBuffer.wrap(seq).getLong();
                if (s == -1) {
                    assertEquals(0, payload.length);
                    return batches;
                }
                batches.add(new Batch(s, payload));
            }
        } finally {
            dealer.close();
        }
    }

    /** Every block hash the batches store, in order, decoded by the EPP's decoder. */
    static List<Long> storedHashes(List<Batch> batches) throws Exception {
        List<Long> hashes = new ArrayList<>();
        for (Batch batch : batches) {
            for (KvEvent event : KvEventDecoder.decode(batch.payload()).events()) {
                if (event instanceof KvEvent.BlockStored stored) {
                    for (long h : stored.blockHashes()) {
                        hashes.add(h);
                    }
                }
            }
        }
        return hashes;
    }

    static List<Long> list(long[] hashes) {
        List<Long> list = new ArrayList<>();
        for (long h : hashes) {
            list.add(h);
        }
        return list;
    }

    /** Waits for state another thread changes (a ZMQ socket, the EPP's index), failing after 10 s. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, 10_000);
    }

    static void await(BooleanSupplier condition, String what, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMillis).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
