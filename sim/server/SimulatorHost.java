package sim.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.ZContext;
import sim.engine.Engine;
import sim.engine.KvEventSink;
import sim.engine.Timers;
import sim.engine.SimOptions;
import sim.events.ReplayServer;
import sim.events.ZmqKvEventPublisher;
import tokens.BlockHasher;
import tokens.ByteChunkTokenizer;
import tokens.ChainedBlockHasher;
import tokens.ChatTemplate;
import tokens.HuggingFaceTokenizer;
import tokens.Tokenizer;
import tokens.VllmBlockHasher;

/**
 * Many simulated model-server pods in one process: every pod's HTTP servers, engines and timers run
 * on a single Vert.x event loop, so an idle pod costs nothing and a busy one only its timers.
 *
 * <pre>{@code
 * try (SimulatorHost host = SimulatorHost.create()) {
 *     RunningPod pod = host.start(new PodSpec("vllm-0", "127.0.0.10", 8000, new SimOptions()));
 *     ... pod.endpoint() ...
 *     host.stop("vllm-0");
 * }
 * }</pre>
 * The methods block until the pods listen or stopped; call them from any thread but the event loop.
 *
 * <p>A pod tokenizes and hashes as its {@link SimOptions} say: with {@code tokenizer} (a
 * tokenizer.json) as vLLM does with that model, else with the host's tokenizer (4 bytes a token by
 * default); with {@code prefixCachingHashAlgo = "sha256_cbor"} and {@code hashSeed} vLLM's block
 * hashes, else the host's hasher. Real tokenizers run on a worker pool, off the event loop.
 */
public final class SimulatorHost implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final Context context;
    private final Tokenizer tokenizer;
    private final BlockHasher hasher;
    private final Map<String, List<ModelServer>> pods = new LinkedHashMap<>();
    /** Models' tokenizers by tokenizer.json, loaded once and shared by the pods that name them. */
    private final Map<Path, PromptEncoder> models = new HashMap<>();
    private final List<HuggingFaceTokenizer> loadedTokenizers = new ArrayList<>();
    private final WorkerExecutor tokenizerPool;
    private ZContext zmq;
    private ReplayServer replayServer;

    private SimulatorHost(Tokenizer tokenizer, BlockHasher hasher) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.context = vertx.getOrCreateContext();
        this.tokenizer = tokenizer;
        this.hasher = hasher;
        this.tokenizerPool = vertx.createSharedWorkerExecutor("sim-tokenizer", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** A host with the default tokenizer (4 bytes a token) and block hasher. */
    public static SimulatorHost create() {
        return create(new ByteChunkTokenizer(), new ChainedBlockHasher());
    }

    public static SimulatorHost create(Tokenizer tokenizer, BlockHasher hasher) {
        return new SimulatorHost(tokenizer, hasher);
    }

    /** Starts every pod; all listen when it returns. On a failure the pods started by this call are stopped. */
    public List<RunningPod> start(List<PodSpec> specs) {
        List<RunningPod> started = new ArrayList<>();
        try {
            for (PodSpec spec : specs) {
                started.add(start(spec));
            }
        } catch (RuntimeException e) {
            for (RunningPod pod : started) {
                stop(pod.name());
            }
            throw e;
        }
        return started;
    }

    public RunningPod start(PodSpec spec) {
        synchronized (pods) {
            if (pods.containsKey(spec.name())) {
                throw new IllegalArgumentException("pod " + spec.name() + " is already running");
            }
            pods.put(spec.name(), List.of());
        }
        try {
            PromptEncoder encoder = encoder(spec.options());
            BlockHasher blockHasher = hasher(spec.options());
            List<ModelServer> servers = await(onLoop(() -> listenAll(spec, encoder, blockHasher)));
            synchronized (pods) {
                pods.put(spec.name(), servers);
            }
            return new RunningPod(spec.name(), spec.address(), servers.stream().map(ModelServer::port).toList(),
                    servers.stream().filter(ModelServer::publishesKvEvents).map(ModelServer::kvEventPort).toList(),
                    servers.stream().filter(ModelServer::replaysKvEvents).map(ModelServer::replayPort).toList());
        } catch (RuntimeException e) {
            synchronized (pods) {
                pods.remove(spec.name());
            }
            throw e;
        }
    }

    /** How a pod with these options tokenizes requests. */
    private PromptEncoder encoder(SimOptions options) {
        if (options.tokenizer == null) {
            return PromptEncoder.of(tokenizer);
        }
        Path file = options.tokenizerJson();
        if (file == null) {
            throw new IllegalArgumentException("--tokenizer " + options.tokenizer + " is neither a tokenizer.json file nor a directory holding one");
        }
        synchronized (models) {
            PromptEncoder loaded = models.get(file.toAbsolutePath());
            if (loaded != null) {
                return loaded;
            }
            try {
                HuggingFaceTokenizer model = HuggingFaceTokenizer.load(file, true);
                loadedTokenizers.add(model);
                Path config = file.resolveSibling("tokenizer_config.json");
                ChatTemplate template = Files.isRegularFile(config) ? ChatTemplate.load(config).orElse(null) : null;
                PromptEncoder encoder = PromptEncoder.of(model, template);
                models.put(file.toAbsolutePath(), encoder);
                return encoder;
            } catch (IOException | RuntimeException | LinkageError e) {
                throw new IllegalArgumentException("--tokenizer " + options.tokenizer + ": " + e.getMessage(), e);
            }
        }
    }

    /** How a pod with these options hashes its KV blocks. */
    private BlockHasher hasher(SimOptions options) {
        if (SimOptions.SIM_CHAINED.equals(options.prefixCachingHashAlgo)) {
            return hasher;
        }
        return VllmBlockHasher.of(options.prefixCachingHashAlgo, options.hashSeed);
    }

    private Future<List<ModelServer>> listenAll(PodSpec spec, PromptEncoder encoder, BlockHasher blockHasher) {
        List<ModelServer> servers = new ArrayList<>();
        List<Future<?>> listening = new ArrayList<>();
        Timers timers = new VertxTimers(context);
        SimOptions options = spec.options();
        for (int rank = 0; rank < options.dataParallelSize; rank++) {
            KvEventSink events = KvEventSink.NONE;
            ZmqKvEventPublisher publisher = null;
            if (options.enableKvcache) {
                try {
                    publisher = publisher(spec, rank, timers);
                } catch (RuntimeException e) {
                    servers.forEach(ModelServer::close);
                    return Future.failedFuture(new IllegalStateException("pod " + spec.name() + ": " + e.getMessage(), e));
                }
                publisher.allBlocksCleared();
                events = publisher;
            }
            Engine engine = new Engine(options, rank, timers, blockHasher, events);
            ModelServer server = new ModelServer(engine, encoder, tokenizerPool, spec.name(), publisher);
            servers.add(server);
            listening.add(server.listen(vertx, spec.address(), spec.port() == 0 ? 0 : spec.port() + rank));
        }
        return Future.all(listening).map(v -> List.copyOf(servers)).recover(failure -> {
            for (ModelServer s : servers) {
                s.close();
            }
            return Future.failedFuture(new IllegalStateException("pod " + spec.name() + " cannot listen on "
                    + spec.address() + ":" + spec.port() + ": " + failure.getMessage(), failure));
        });
    }

    /**
     * A rank's KV event publisher: its PUB socket (and replay ROUTER) bound at the pod's own address
     * for a {@code *} host. Rank 0's topic names the pod's address (llm-d-inference-sim's
     * {@code kv@IP@model}); other ranks' name address:port, which picks the rank in the EPP's central mode.
     */
    private ZmqKvEventPublisher publisher(PodSpec spec, int rank, Timers timers) {
        SimOptions options = spec.options();
        String id = rank == 0 || spec.port() == 0 ? spec.address() : spec.address() + ":" + (spec.port() + rank);
        String replayEndpoint = options.kvEventsReplayEndpoint;
        ReplayServer.Buffer replay = null;
        if (replayEndpoint != null && !replayEndpoint.isBlank()) {
            replay = replayServer().bind(ZmqKvEventPublisher.atAddress(ZmqKvEventPublisher.offsetPort(replayEndpoint, rank),
                    spec.address()), options.kvEventsReplayQueueSize);
        }
        try {
            return new ZmqKvEventPublisher(zmq(), options.zmqEndpoint, spec.address(),
                    "kv@" + id + "@" + options.baseModelNames().get(0), rank, options.eventBatchSize, timers, replay);
        } catch (RuntimeException e) {
            if (replay != null) {
                replay.close();
            }
            throw e;
        }
    }

    /** Stops a pod: its servers close, its requests end. Unknown names are ignored. */
    public void stop(String podName) {
        List<ModelServer> servers;
        synchronized (pods) {
            servers = pods.remove(podName);
        }
        if (servers != null) {
            await(onLoop(() -> Future.all(servers.stream().map(ModelServer::close).toList()).mapEmpty()));
        }
    }

    public List<String> podNames() {
        synchronized (pods) {
            return List.copyOf(pods.keySet());
        }
    }

    @Override
    public void close() {
        for (String name : podNames()) {
            stop(name);
        }
        await(vertx.close());
        synchronized (this) {
            if (replayServer != null) {
                replayServer.close();
            }
            if (zmq != null) {
                zmq.close();
            }
        }
        synchronized (models) {
            loadedTokenizers.forEach(HuggingFaceTokenizer::close);
            loadedTokenizers.clear();
            models.clear();
        }
    }

    private synchronized ZContext zmq() {
        if (zmq == null) {
            zmq = new ZContext(1);
        }
        return zmq;
    }

    private synchronized ReplayServer replayServer() {
        if (replayServer == null) {
            replayServer = new ReplayServer(zmq());
        }
        return replayServer;
    }

    private <T> Future<T> onLoop(java.util.function.Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the simulator's event loop did not answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
