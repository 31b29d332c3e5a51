package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.ModelServerMetrics;
import epp.testing.MetricsServer;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape loops against real HTTP servers on loopback addresses, without Kubernetes. */
class MetricsScraperTest {
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
    }

    @Test
    void snapshotsFollowTheServerAndAFailingServerLeavesTheLastOne() throws Exception {
        MetricsServer server = track(MetricsServer.http("127.0.0.2", 0).serve(MetricsServer.vllm(3, 0.25)));
        Endpoint endpoint = endpoint("127.0.0.2", server.port());
        MetricsScraper scraper = track(new MetricsScraper(fastConfig()));

        scraper.endpointAdded(endpoint);
        await(() -> endpoint.metrics().waitingQueueSize() == 3, "first scrape");
        assertEquals(0.25, endpoint.metrics().kvCacheUsagePercent());
        assertTrue(endpoint.metrics().updateTime().isAfter(java.time.Instant.EPOCH));

        server.serve(MetricsServer.vllm(8, 0.5));
        await(() -> endpoint.metrics().waitingQueueSize() == 8, "a later scrape");

        server.answerStatus(500);
        assertFailingScrapesKeepTheSnapshot(scraper, endpoint, "a non-200 answer");

        server.answerStatus(200).serve("vllm:num_requests_waiting{oops 1\n");
        assertFailingScrapesKeepTheSnapshot(scraper, endpoint, "a malformed body");

        server.close();
        assertFailingScrapesKeepTheSnapshot(scraper, endpoint, "an unreachable server");
    }

    @Test
    void aFailingEndpointIsLoggedOnceWhenItStartsFailingAndOnceWhenItRecovers() throws Exception {
        var log = new java.io.ByteArrayOutputStream();
        var previous = epp.logging.Log.out();
        epp.logging.Log.redirect(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            MetricsServer server = track(MetricsServer.http("127.0.0.2", 0).serve(MetricsServer.vllm(3, 0.25)));
            Endpoint endpoint = endpoint("127.0.0.2", server.port());
            MetricsScraper scraper = track(new MetricsScraper(fastConfig()));
            scraper.endpointAdded(endpoint);
            await(() -> endpoint.metrics().waitingQueueSize() == 3, "first scrape");

            server.answerStatus(500);
            long before = scraper.counters().failures();
            await(() -> scraper.counters().failures() >= before + 3, "three failed scrapes");
            server.answerStatus(200).serve(MetricsServer.vllm(5, 0.25));
            await(() -> log.toString().contains("Metrics refresh recovered"), "the recovery logged");

            String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(1, text.split("Failed to refresh metrics", -1).length - 1, text);
            assertEquals(1, text.split("Metrics refresh recovered", -1).length - 1, text);
            assertTrue(text.contains("http://127.0.0.2:" + server.port() + "/metrics"), text);
        } finally {
            epp.logging.Log.redirect(previous);
        }
    }

    /** Once one scrape has failed, the loop (one scrape at a time) only sees the failing server. */
    private static void assertFailingScrapesKeepTheSnapshot(MetricsScraper scraper, Endpoint endpoint, String cause)
            throws InterruptedException {
        long before = scraper.counters().failures();
        await(() -> scraper.counters().failures() > before, "a first failure with " + cause);
        ModelServerMetrics last = endpoint.metrics();
        long first = scraper.counters().failures();
        await(() -> scraper.counters().failures() >= first + 2, "more failures with " + cause);
        assertSame(last, endpoint.metrics(), cause + " changes nothing");
    }

    @Test
    void removingAnEndpointStopsItsLoop() throws Exception {
        MetricsServer removedServer = track(MetricsServer.http("127.0.0.2", 0).serve(MetricsServer.vllm(1, 0.1)));
        MetricsServer witnessServer = track(MetricsServer.http("127.0.0.3", 0).serve(MetricsServer.vllm(2, 0.1)));
        Endpoint removed = endpoint("127.0.0.2", removedServer.port());
        Endpoint witness = endpoint("127.0.0.3", witnessServer.port());
        MetricsScraper scraper = track(new MetricsScraper(fastConfig()));
        scraper.endpointAdded(removed);
        await(() -> removed.metrics().waitingQueueSize() == 1, "first scrape");

        scraper.endpointRemoved(removed);
        int requestsAtRemoval = removedServer.requests();
        scraper.endpointAdded(witness);
        await(() -> witnessServer.requests() >= 5, "four scrape intervals at least, seen on another endpoint");

        assertEquals(1, scraper.loopCount());
        assertTrue(removedServer.requests() <= requestsAtRemoval + 1,
                "at most the scrape in flight at removal reaches the server");
    }

    @Test
    void theMetricsPortAndPathFlagsChooseTheUrl() throws Exception {
        MetricsServer server = track(MetricsServer.http("127.0.0.3", 0).serve(MetricsServer.vllm(4, 0.2)));
        ScrapeConfig config = ScrapeConfig.fromFlags("vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "", "",
                Duration.ofMillis(10), server.port(), "metrics", "http", true);
        Endpoint endpoint = endpoint("127.0.0.3", 1); // its own port would be wrong: the flag wins
        assertEquals("http://127.0.0.3:" + server.port() + "/metrics", EndpointScrapeLoop.uri(endpoint, config).toString());
        MetricsScraper scraper = track(new MetricsScraper(config));

        scraper.endpointAdded(endpoint);

        await(() -> endpoint.metrics().waitingQueueSize() == 4, "scrape on the flag's port");
    }

    @Test
    void httpsWithInsecureSkipVerifyAcceptsASelfSignedCertificateForAnIp(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSignedServerTls(dir);
        MetricsServer server = track(MetricsServer.https("127.0.0.4", 0, tls).serve(MetricsServer.vllm(6, 0.3)));
        ScrapeConfig config = ScrapeConfig.fromFlags("vllm:num_requests_waiting", "", "", "",
                Duration.ofMillis(10), 0, "/metrics", "https", true);
        Endpoint endpoint = endpoint("127.0.0.4", server.port());
        MetricsScraper scraper = track(new MetricsScraper(config));

        scraper.endpointAdded(endpoint);

        await(() -> endpoint.metrics().waitingQueueSize() == 6, "https scrape");
    }

    @Test
    void httpsWithVerificationRefusesASelfSignedCertificate(@TempDir Path dir) throws Exception {
        SSLContext tls = selfSignedServerTls(dir);
        MetricsServer server = track(MetricsServer.https("127.0.0.4", 0, tls).serve(MetricsServer.vllm(6, 0.3)));
        ScrapeConfig config = ScrapeConfig.fromFlags("vllm:num_requests_waiting", "", "", "",
                Duration.ofMillis(10), 0, "/metrics", "https", false);
        Endpoint endpoint = endpoint("127.0.0.4", server.port());
        MetricsScraper scraper = track(new MetricsScraper(config));

        scraper.endpointAdded(endpoint);

        await(() -> scraper.counters().failures() >= 2, "refused handshakes");
        assertSame(ModelServerMetrics.NEVER_SCRAPED, endpoint.metrics());
    }

    @Test
    void aServerThatStallsInTheMiddleOfTheBodyTimesOutAndTheLoopGoesOn() throws Exception {
        try (StallingServer server = new StallingServer("127.0.0.5")) {
            Endpoint endpoint = endpoint("127.0.0.5", server.port());
            MetricsScraper scraper = track(new MetricsScraper(fastConfig(), java.time.Clock.systemUTC(),
                    Duration.ofMillis(200)));

            scraper.endpointAdded(endpoint);

            await(() -> scraper.counters().failures() >= 2 && server.requests() >= 2, "two timed-out scrapes");
            assertSame(ModelServerMetrics.NEVER_SCRAPED, endpoint.metrics());
            scraper.close();
        }
    }

    /** Answers every request with headers announcing 1000 bytes, sends 10, then holds the connection. */
    private static final class StallingServer implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor;

        StallingServer(String address) throws IOException {
            socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName(address));
            acceptor = new Thread(this::serve, "stalling-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    java.net.Socket client = socket.accept();
                    held.add(client);
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream()));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request head
                    }
                    requests.incrementAndGet();
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                            + "# partial\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            synchronized (held) {
                for (java.net.Socket s : held) {
                    s.close();
                }
            }
            acceptor.join(10_000);
        }
    }

    // --- helpers ---

    static ScrapeConfig fastConfig() {
        return ScrapeConfig.fromFlags("vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "", "",
                Duration.ofMillis(10), 0, "/metrics", "http", true);
    }

    private static Endpoint endpoint(String ip, int port) {
        return new Endpoint(new EndpointId("ns", "pod-" + ip, 0), ip, port, Map.of());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A throw-away certificate made by the JDK's keytool (CN=model-server, no IP SAN). */
    private static SSLContext selfSignedServerTls(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-dname", "CN=model-server", "-validity", "1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }
}
