///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../Dependencies.java
//SOURCES ../epp/**.java
//JAVA_OPTIONS -Xmx2g

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.Authenticator;
import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.metrics.ModelServerMetrics;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.config.SchedulerLoader;
import epp.server.Backends;
import epp.server.EppRunner;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;

/**
 * The ext_proc load driver behind bench/epp-load. Each virtual client loops: open a stream, send the
 * request headers and the body (64 KB chunks, like Envoy's FULL_DUPLEX_STREAMED), wait for the
 * header reply and the last body reply (= the latency the EPP adds before the model server sees the
 * request), half-close, wait for the stream's end. Runs are bounded by --seconds. Besides req/s and
 * latency it prints CPU time per request, the figure that holds on a busy shared machine.
 */
public class EppLoad {
    static final int ENDPOINTS = 100;
    static final int CHUNK = 64 * 1024;

    public static void main(String... args) throws Exception {
        int streams = intArg(args, "--streams", 64);
        int seconds = intArg(args, "--seconds", 15);
        int warmup = intArg(args, "--warmup", 5);
        boolean tls = List.of(args).contains("--tls");
        String target = stringArg(args, "--target", null);

        EppRunner runner = null;
        String host = "127.0.0.1";
        int port;
        if (target == null) {
            runner = new EppRunner(new BenchBackends());
            CommandLine line = EppCommand.commandLine(null, Map.of());
            line.parseArgs("--pool-name=bench", "--grpc-port=0", "--grpc-health-port=0", "--metrics-port=0",
                    "--metrics-endpoint-auth=false", "--tracing=false", "--secure-serving=" + tls, "--zap-encoder=json", "-v=1");
            EppFlags flags = ((EppCommand) line.getCommand()).flags();
            epp.logging.Log.configure(true, 1);
            port = runner.start(flags, Map.of()).grpcPort();
        } else {
            host = target.substring(0, target.lastIndexOf(':'));
            port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        }
        ChannelCredentials credentials = tls
                ? TlsChannelCredentials.newBuilder().trustManager(insecureTrust()).build()
                : InsecureChannelCredentials.create();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(host, port, credentials).build();
        try {
            System.out.printf("epp-load: %d endpoints, %d concurrent streams, %ds per size after %ds warm-up, %s, nproc=%d%n",
                    ENDPOINTS, streams, seconds, warmup, tls ? "TLS" : "plaintext", Runtime.getRuntime().availableProcessors());
            for (int size : new int[] {1024, 200 * 1024}) {
                List<ByteString> bodies = bodies(size, 64);
                run(channel, bodies, streams, warmup);
                long cpuBefore = processCpuNanos();
                Result r = run(channel, bodies, streams, seconds);
                long cpu = processCpuNanos() - cpuBefore;
                System.out.printf("epp-load body=%dKB: %.0f req/s, added latency p50=%.2fms p99=%.2fms max=%.2fms, "
                                + "CPU %.0fus/request (%s), errors=%d, requests=%d%n",
                        size / 1024, r.requests / (double) seconds,
                        r.latency.getValueAtPercentile(50) / 1e6, r.latency.getValueAtPercentile(99) / 1e6,
                        r.latency.getMaxValue() / 1e6, r.requests == 0 ? 0.0 : cpu / 1e3 / r.requests,
                        target == null ? "EPP and driver, one JVM" : "driver only", r.errors, r.requests);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            if (runner != null) {
                runner.close();
            }
        }
    }

    record Result(long requests, long errors, Histogram latency) {}

    /** CPU time of this JVM: unlike req/s it holds on a machine shared with other work. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Keeps {@code streams} requests in flight for {@code seconds}, then waits for the last ones. */
    static Result run(ManagedChannel channel, List<ByteString> bodies, int streams, int seconds) throws InterruptedException {
        var recorder = new Recorder(3);
        var done = new AtomicLong();
        var errors = new AtomicLong();
        var stop = new AtomicBoolean();
        var finished = new CountDownLatch(streams);
        var stub = ExternalProcessorGrpc.newStub(channel);
        for (int i = 0; i < streams; i++) {
            new Client(stub, bodies, i, recorder, done, errors, stop, finished).next();
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> stop.set(true), seconds, TimeUnit.SECONDS);
        if (!finished.await(seconds + 30L, TimeUnit.SECONDS)) {
            System.out.println("epp-load: some streams did not finish within 30 s after the run");
        }
        timer.shutdownNow();
        return new Result(done.get(), errors.get(), recorder.getIntervalHistogram());
    }

    /** One virtual client: one request at a time, the next one started from the previous one's end. */
    static final class Client {
        final ExternalProcessorGrpc.ExternalProcessorStub stub;
        final List<ByteString> bodies;
        final Recorder recorder;
        final AtomicLong done;
        final AtomicLong errors;
        final AtomicBoolean stop;
        final CountDownLatch finished;
        int next;

        Client(ExternalProcessorGrpc.ExternalProcessorStub stub, List<ByteString> bodies, int id, Recorder recorder,
               AtomicLong done, AtomicLong errors, AtomicBoolean stop, CountDownLatch finished) {
            this.stub = stub;
            this.bodies = bodies;
            this.next = id;
            this.recorder = recorder;
            this.done = done;
            this.errors = errors;
            this.stop = stop;
            this.finished = finished;
        }

        void next() {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            ByteString body = bodies.get(next++ % bodies.size());
            long start = System.nanoTime();
            var ended = new AtomicBoolean();
            StreamObserver<ProcessingRequest>[] requests = new StreamObserver[1];
            requests[0] = stub.process(new StreamObserver<ProcessingResponse>() {
                boolean routed;

                @Override
                public void onNext(ProcessingResponse reply) {
                    if (reply.hasImmediateResponse()) {
                        errors.incrementAndGet();
                        return;
                    }
                    if (reply.hasRequestBody() && reply.getRequestBody().getResponse().getBodyMutation().getStreamedResponse().getEndOfStream()) {
                        recorder.recordValue(System.nanoTime() - start);
                        routed = true;
                        requests[0].onCompleted();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    end();
                }

                @Override
                public void onCompleted() {
                    if (routed) {
                        done.incrementAndGet();
                    }
                    end();
                }

                private void end() {
                    if (ended.compareAndSet(false, true)) {
                        next();
                    }
                }
            });
            requests[0].onNext(ProcessingRequest.newBuilder().setRequestHeaders(HttpHeaders.newBuilder().setHeaders(HeaderMap.newBuilder()
                    .addHeaders(header(":method", "POST")).addHeaders(header(":path", "/v1/completions"))
                    .addHeaders(header(":authority", "gateway")).addHeaders(header("content-type", "application/json")))).build());
            for (int offset = 0; offset < body.size(); offset += CHUNK) {
                int end = Math.min(body.size(), offset + CHUNK);
                requests[0].onNext(ProcessingRequest.newBuilder().setRequestBody(
                        HttpBody.newBuilder().setBody(body.substring(offset, end)).setEndOfStream(end == body.size())).build());
            }
        }
    }

    static HeaderValue header(String key, String value) {
        return HeaderValue.newBuilder().setKey(key).setRawValue(ByteString.copyFromUtf8(value)).build();
    }

    /** Completions bodies of about {@code size} bytes with distinct random words (no shared prefix). */
    static List<ByteString> bodies(int size, int count) {
        var random = new Random(42);
        List<ByteString> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var prompt = new StringBuilder(size);
            while (prompt.length() < size - 64) {
                prompt.append("w").append(random.nextInt(100_000)).append(' ');
            }
            list.add(ByteString.copyFromUtf8("{\"model\":\"llama\",\"prompt\":\"" + prompt + "\",\"max_tokens\":100,\"temperature\":0.0}"));
        }
        return list;
    }

    /** The in-process EPP's pool: 100 endpoints with fresh, varied metrics, and the default profile. */
    static final class BenchBackends implements Backends {
        @Override
        public Datastore createDatastore(EppFlags flags, String namespace) {
            var random = new Random(7);
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                var e = new Endpoint(new EndpointId(namespace, "vllm-" + i, 0), "10.1." + (i / 250) + "." + (i % 250 + 1), 8000, Map.of("app", "vllm"));
                e.updateMetrics(new ModelServerMetrics(random.nextInt(8), 0, random.nextDouble(), java.util.Set.of(), java.util.Set.of(), 0, 16,
                        Instant.now().plusSeconds(3600)));
                endpoints.add(e);
            }
            var pool = new PoolInfo("bench", namespace, EppFlags.GROUP_V1, Map.of("app", "vllm"), List.of(8000));
            return new Datastore() {
                @Override
                public Optional<PoolInfo> pool() {
                    return Optional.of(pool);
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
                public void addListener(EndpointListener listener) {}
            };
        }

        @Override
        public void startDatastore(Datastore datastore) {}

        @Override
        public boolean poolSynced(Datastore datastore) {
            return true;
        }

        @Override
        public Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) {
            return SchedulerLoader.defaultScheduler(datastore, observer);
        }

        @Override
        public java.util.function.BooleanSupplier startLeaderElection(EppFlags flags, String namespace) {
            throw new UnsupportedOperationException("the benchmark runs one replica");
        }

        @Override
        public Authenticator metricsAuthenticator() {
            throw new UnsupportedOperationException("the benchmark runs with --metrics-endpoint-auth=false");
        }
    }

    /** Trusts any server certificate without a hostname check: the EPP's generated certificate has no SANs. */
    static javax.net.ssl.X509ExtendedTrustManager insecureTrust() {
        return new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
    }

    static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
