package sim.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
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
import sim.events.ZmqKvEventPublisher;
import tokens.BlockHasher;
import tokens.ByteChunkTokenizer;
import tokens.ChainedBlockHasher;
import tokens.Tokenizer;

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
 */
public final class SimulatorHost implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final Context context;
    private final Tokenizer tokenizer;
    private final BlockHasher hasher;
    private final Map<String, List<ModelServer>> pods = new LinkedHashMap<>();
    private ZContext zmq;

    private SimulatorHost(Tokenizer tokenizer, BlockHasher hasher) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.context = vertx.getOrCreateContext();
        this.tokenizer = tokenizer;
        this.hasher = hasher;
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
            List<ModelServer> servers = await(onLoop(() -> listenAll(spec)));
            synchronized (pods) {
                pods.put(spec.name(), servers);
            }
            return new RunningPod(spec.name(), spec.address(), servers.stream().map(ModelServer::port).toList());
        } catch (RuntimeException e) {
            synchronized (pods) {
                pods.remove(spec.name());
            }
            throw e;
        }
    }

    private Future<List<ModelServer>> listenAll(PodSpec spec) {
        List<ModelServer> servers = new ArrayList<>();
        List<Future<?>> listening = new ArrayList<>();
        Timers timers = new VertxTimers(context);
        for (int rank = 0; rank < spec.options().dataParallelSize; rank++) {
            KvEventSink events = KvEventSink.NONE;
            Runnable onClose = () -> {};
            if (spec.options().enableKvcache) {
                var publisher = new ZmqKvEventPublisher(zmq(), spec.options().zmqEndpoint,
                        "kv@" + spec.address() + "@" + spec.options().baseModelNames().get(0), rank,
                        spec.options().eventBatchSize, timers);
                publisher.allBlocksCleared();
                events = publisher;
                onClose = publisher::close;
            }
            Engine engine = new Engine(spec.options(), rank, timers, hasher, events);
            ModelServer server = new ModelServer(engine, tokenizer, spec.name(), onClose);
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
        if (zmq != null) {
            zmq.close();
        }
    }

    private ZContext zmq() {
        if (zmq == null) {
            zmq = new ZContext(1);
        }
        return zmq;
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
