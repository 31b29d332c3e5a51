///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../epp/**.java
//SOURCES ../tokens/**.java
//JAVA_OPTIONS -Xms2g -Xmx2g

import com.sun.management.OperatingSystemMXBean;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.kvevents.BlockIndex;
import epp.kvevents.KvEventSubscriber;
import epp.kvevents.KvEventsConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

/**
 * What precise prefix-cache routing costs the EPP (issue 14's targets):
 * 1. CPU of the EPP's KV-event subscriber for 100 endpoints each publishing 1,000 stored (and, once
 *    warm, 1,000 removed) blocks/s: the publishers run in a child process (100 XPUB sockets on
 *    127.0.1.1-100, vLLM's wire format, 50 batches/s each of 20 stored + 20 removed blocks); this
 *    process runs only the subscriber and its index, and its process CPU time is measured.
 * 2. Index memory per entry: heap used by a BlockIndex of 1,000,000 blocks (1 and 2 holders).
 * 3. Request-path cost: tokenizing a ~30 KB prompt (tiny test tokenizer) and hashing its 16-token blocks.
 * Usage (from the repository root): bench/KvEventsBench.java [measure seconds, default 20]; not a test, prints figures
 */
public class KvEventsBench {
    static final int ENDPOINTS = 100;
    static final int BATCHES_PER_SECOND = 50;
    static final int BLOCKS_PER_BATCH = 20;
    static final int BLOCK_SIZE = 16;
    static final int RESIDENT_BATCHES = 500; // each endpoint keeps 10,000 blocks: 1M in the index

    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("publish")) {
            publish(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        subscriberCpu(seconds);
        indexMemory();
        requestPath();
    }

    // ---- 1. subscriber CPU --------------------------------------------------------------------------

    static void subscriberCpu(int seconds) throws Exception {
        int port = 20000 + new SplittableRandom().nextInt(20000);
        long runMillis = (seconds + 15) * 1000L;
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "KvEventsBench", "publish",
                Integer.toString(port), Long.toString(runMillis)));
        Process publisher = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(publisher.getInputStream(), StandardCharsets.UTF_8));
            expect(out, "bound");
            BlockIndex index = new BlockIndex(BlockIndex.DEFAULT_CAPACITY, BlockIndex.DEFAULT_ENDPOINTS_PER_BLOCK);
            StaticDatastore datastore = new StaticDatastore();
            KvEventSubscriber subscriber = new KvEventSubscriber(new KvEventsConfig(port, 0, "", Duration.ofSeconds(2), 10_000),
                    index).follow(datastore);
            expect(out, "publishing");
            System.out.println("warming up 10 s (the index fills to 1,000,000 blocks)...");
            Thread.sleep(10_000);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long stored0 = subscriber.counters().blocksStored.sum();
            long removed0 = subscriber.counters().blocksRemoved.sum();
            Thread.sleep(seconds * 1000L);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
            double storedRate = (subscriber.counters().blocksStored.sum() - stored0) / wall;
            double removedRate = (subscriber.counters().blocksRemoved.sum() - removed0) / wall;
            System.out.printf("subscriber: %d endpoints, %.0f blocks stored/s + %.0f removed/s in total (%.0f + %.0f per endpoint)%n",
                    ENDPOINTS, storedRate, removedRate, storedRate / ENDPOINTS, removedRate / ENDPOINTS);
            System.out.printf("EPP process CPU: %.3f cores (target <= 0.5); index %d blocks; %s%n", cores, index.size(),
                    subscriber.counters());
            double target = (double) ENDPOINTS * BATCHES_PER_SECOND * BLOCKS_PER_BATCH;
            if (storedRate < 0.95 * target) {
                System.out.printf("NOT VALID: the publishers reached %.0f%% of %.0f blocks/s (machine busy?); rerun on an idle machine%n",
                        100 * storedRate / target, target);
            }
            subscriber.close();
        } finally {
            publisher.destroy();
            publisher.waitFor();
        }
    }

    private static void expect(BufferedReader out, String line) throws IOException {
        String read = out.readLine();
        if (!line.equals(read)) {
            throw new IllegalStateException("publisher said " + read + ", expected " + line);
        }
    }

    /** The child process: 100 vLLM-style publishers, paced from one thread (JeroMQ sockets are single-threaded). */
    static void publish(int port, long runMillis) throws Exception {
        try (ZContext context = new ZContext(1)) {
            List<ZMQ.Socket> sockets = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                ZMQ.Socket socket = context.createSocket(SocketType.XPUB);
                socket.setLinger(0);
                socket.setSndHWM(0);
                socket.bind("tcp://" + ip(i) + ":" + port);
                sockets.add(socket);
            }
            System.out.println("bound");
            System.out.flush();
            for (ZMQ.Socket socket : sockets) {
                socket.recv(0); // the subscription
            }
            System.out.println("publishing");
            System.out.flush();
            long[] seq = new long[ENDPOINTS];
            long[] nextHash = new long[ENDPOINTS];
            for (int i = 0; i < ENDPOINTS; i++) {
                nextHash[i] = (long) i << 40;
            }
            int[] tokens = new int[BLOCKS_PER_BATCH * BLOCK_SIZE];
            long tickNanos = 1_000_000_000L / BATCHES_PER_SECOND;
            long start = System.nanoTime();
            long end = start + runMillis * 1_000_000;
            for (long tick = 0; System.nanoTime() < end; tick++) {
                long due = start + tick * tickNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int i = 0; i < ENDPOINTS; i++) {
                    long first = nextHash[i];
                    nextHash[i] += BLOCKS_PER_BATCH;
                    long evictFrom = first - (long) RESIDENT_BATCHES * BLOCKS_PER_BATCH;
                    byte[] payload = batch(first, tokens, evictFrom >= ((long) i << 40) ? evictFrom : -1);
                    ZMQ.Socket socket = sockets.get(i);
                    socket.sendMore("");
                    socket.sendMore(ByteBuffer.allocate(8).putLong(seq[i]++).array());
                    socket.send(payload);
                }
            }
        }
    }

    /** One engine step's batch: BlockStored of 20 chained blocks, BlockRemoved of 20 old ones once warm. */
    static byte[] batch(long firstHash, int[] tokens, long evictFrom) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3);
            p.packDouble(System.currentTimeMillis() / 1000.0);
            p.packArrayHeader(evictFrom >= 0 ? 2 : 1);
            p.packArrayHeader(8);
            p.packString("BlockStored");
            p.packArrayHeader(BLOCKS_PER_BATCH);
            for (int b = 0; b < BLOCKS_PER_BATCH; b++) {
                packHash(p, mix(firstHash + b));
            }
            packHash(p, mix(firstHash - 1));
            p.packArrayHeader(tokens.length);
            for (int t : tokens) {
                p.packInt(t + 1000);
            }
            p.packInt(BLOCK_SIZE);
            p.packNil();
            p.packString("GPU");
            p.packNil();
            if (evictFrom >= 0) {
                p.packArrayHeader(3);
                p.packString("BlockRemoved");
                p.packArrayHeader(BLOCKS_PER_BATCH);
                for (int b = 0; b < BLOCKS_PER_BATCH; b++) {
                    packHash(p, mix(evictFrom + b));
                }
                p.packString("GPU");
            }
            p.packInt(0);
            return p.toByteArray();
        }
    }

    private static void packHash(MessageBufferPacker p, long hash) throws IOException {
        if (hash < 0) {
            p.packBigInteger(new BigInteger(Long.toUnsignedString(hash)));
        } else {
            p.packLong(hash);
        }
    }

    /** A well-spread 64-bit value per counter (hashes are uniform in real events). */
    static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    static String ip(int i) {
        return "127.0.1." + (i + 1);
    }

    static final class StaticDatastore implements Datastore {
        final List<Endpoint> endpoints = new ArrayList<>();

        StaticDatastore() {
            for (int i = 0; i < ENDPOINTS; i++) {
                endpoints.add(new Endpoint(new EndpointId("bench", "pod-" + i, 0), ip(i), 8000, Map.of()));
            }
        }

        @Override
        public Optional<PoolInfo> pool() {
            return Optional.empty();
        }

        @Override
        public List<Endpoint> endpoints() {
            return endpoints;
        }

        @Override
        public Optional<Objective> objective(String name) {
            return Optional.empty();
        }

        @Override
        public void addListener(EndpointListener listener) {
            endpoints.forEach(listener::endpointAdded);
        }
    }

    // ---- 2. index memory ----------------------------------------------------------------------------

    static void indexMemory() {
        EndpointId a = new EndpointId("bench", "a", 0);
        EndpointId b = new EndpointId("bench", "b", 0);
        int n = 1_000_000;
        long before = usedHeap();
        BlockIndex index = new BlockIndex(n, 10);
        long[] hashes = new long[1000];
        for (int i = 0; i < n; i += hashes.length) {
            for (int j = 0; j < hashes.length; j++) {
                hashes[j] = mix(i + j);
            }
            index.add(hashes, a);
        }
        long one = usedHeap();
        for (int i = 0; i < n; i += hashes.length) {
            for (int j = 0; j < hashes.length; j++) {
                hashes[j] = mix(i + j);
            }
            index.add(hashes, b);
        }
        long two = usedHeap();
        System.out.printf("index memory: %.1f bytes per block with 1 holder, %.1f with 2 (%,d blocks, %.0f MB at 1 holder)%n",
                (one - before) / (double) n, (two - before) / (double) n, index.size(), (one - before) / 1e6);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    // ---- 3. request path ----------------------------------------------------------------------------

    static void requestPath() throws Exception {
        StringBuilder prompt = new StringBuilder();
        SplittableRandom random = new SplittableRandom(1);
        String[] words = {"the", "cat", "and", "hat", "sing", "of", "sea", "stars", "night", "port", "north", "ships"};
        while (prompt.length() < 30_000) {
            prompt.append(words[random.nextInt(words.length)]).append(' ');
        }
        String text = prompt.toString();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(Path.of("tokens/tiny/tokenizer.json"), true)) {
            VllmBlockHasher hasher = VllmBlockHasher.of("sha256_cbor", "42");
            int tokens = 0;
            for (int i = 0; i < 200; i++) {
                tokens = hasher.hashFullBlocks(tokenizer.encode(text), BLOCK_SIZE, null).length;
            }
            int rounds = 500;
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                tokenizer.encode(text);
            }
            long t1 = System.nanoTime();
            int[] ids = tokenizer.encode(text);
            for (int i = 0; i < rounds; i++) {
                hasher.hashFullBlocks(ids, BLOCK_SIZE, null);
            }
            long t2 = System.nanoTime();
            System.out.printf("request path: %d-char prompt, %d tokens, %d blocks: tokenize %.2f ms, hash %.2f ms%n",
                    text.length(), ids.length, tokens, (t1 - t0) / 1e6 / rounds, (t2 - t1) / 1e6 / rounds);
        }
    }
}
