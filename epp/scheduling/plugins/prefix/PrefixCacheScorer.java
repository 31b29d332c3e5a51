package epp.scheduling.plugins.prefix;

import com.fasterxml.jackson.databind.JsonNode;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Parameters;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.PreRequest;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.TypedName;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Prefers the servers that most likely still hold this prompt's prefix in their KV cache (epp.md §5.4):
 * score = matched prefix blocks / prompt blocks. After the pick (PreRequest) the chosen server is
 * recorded as holding every block of the prompt.
 */
public final class PrefixCacheScorer implements Scorer, PreRequest, AutoCloseable {
    public static final String TYPE = "prefix-cache-scorer";

    static final int DEFAULT_BLOCK_SIZE = 64;
    static final int DEFAULT_MAX_PREFIX_BLOCKS = 256;
    static final int DEFAULT_LRU_CAPACITY_PER_SERVER = 31250;
    /** vLLM's block size is in tokens; a token is about 4 characters. */
    static final int AVERAGE_CHARACTERS_PER_TOKEN = 4;

    static final Duration INDEX_CLEANUP_PERIOD = Duration.ofMinutes(2);
    static final Duration INDEX_SIZE_PERIOD = Duration.ofSeconds(1);
    static final Duration STATE_PURGE_PERIOD = Duration.ofMinutes(1);
    static final Duration STATE_MAX_IDLE = Duration.ofMinutes(5);

    /** The parameters, defaults applied and validated. */
    public record Config(int blockSize, int maxPrefixBlocksToMatch, int lruCapacityPerServer) {
        public static Config from(JsonNode raw) throws InvalidParametersException {
            Parameters parameters = Parameters.of(raw);
            int blockSize = parameters.integer("blockSize", DEFAULT_BLOCK_SIZE);
            int maxBlocks = parameters.integer("maxPrefixBlocksToMatch", DEFAULT_MAX_PREFIX_BLOCKS);
            int capacity = parameters.integer("lruCapacityPerServer", DEFAULT_LRU_CAPACITY_PER_SERVER);
            // The reference does not check these: blockSize <= 0 loops forever, a negative block count panics.
            if (blockSize <= 0) {
                throw new InvalidParametersException("parameter blockSize must be at least 1 (bytes per hashed block; "
                        + "default " + DEFAULT_BLOCK_SIZE + "), got " + blockSize);
            }
            if (maxBlocks <= 0) {
                throw new InvalidParametersException("parameter maxPrefixBlocksToMatch must be at least 1 (default "
                        + DEFAULT_MAX_PREFIX_BLOCKS + "), got " + maxBlocks);
            }
            return new Config(blockSize, maxBlocks, capacity <= 0 ? DEFAULT_LRU_CAPACITY_PER_SERVER : capacity);
        }
    }

    /** What Score computed for a request, needed again by PreRequest. */
    record RequestState(long[] hashes, Map<EndpointId, Integer> matches) {}

    private final TypedName typedName;
    private final Config config;
    private final PrefixIndex index;
    private final RequestStates<RequestState> states;
    private final Datastore datastore;
    private final SchedulingObserver observer;
    private final List<AutoCloseable> housekeeping = new ArrayList<>();

    public PrefixCacheScorer(String name, Config config, PluginHandle handle) {
        this.typedName = new TypedName(TYPE, name);
        this.config = config;
        this.index = new PrefixIndex(config.lruCapacityPerServer());
        this.states = new RequestStates<>(handle.clock());
        this.datastore = handle.datastore();
        this.observer = handle.observer();
        housekeeping.add(every(handle, INDEX_CLEANUP_PERIOD, PrefixCacheScorer::forgetServersNotInDatastore));
        housekeeping.add(every(handle, INDEX_SIZE_PERIOD, PrefixCacheScorer::reportIndexSize));
        housekeeping.add(every(handle, STATE_PURGE_PERIOD, PrefixCacheScorer::purgeIdleRequestStates));
    }

    /**
     * The task holds the scorer weakly: a scheduler dropped without {@link #close()} (tests, reloads)
     * leaves only a no-op behind, not its whole index.
     */
    private AutoCloseable every(PluginHandle handle, Duration period, Consumer<PrefixCacheScorer> task) {
        WeakReference<PrefixCacheScorer> self = new WeakReference<>(this);
        return handle.periodicTasks().every(period, () -> {
            PrefixCacheScorer scorer = self.get();
            if (scorer != null) {
                task.accept(scorer);
            }
        });
    }

    public static PrefixCacheScorer create(String name, JsonNode parameters, PluginHandle handle)
            throws InvalidParametersException {
        return new PrefixCacheScorer(name, Config.from(parameters), handle);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    public Config config() {
        return config;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        int blockSize = blockSize(candidates.isEmpty() ? 0 : candidates.get(0).metrics().cacheBlockSize());
        long[] hashes = PromptHasher.hash(request.targetModel(), request.body(), blockSize, config.maxPrefixBlocksToMatch());
        Map<EndpointId, Integer> matches = index.match(hashes);
        states.put(stateKey(request), new RequestState(hashes, matches));

        double[] scores = new double[candidates.size()];
        if (hashes.length > 0) {
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (double) matches.getOrDefault(candidates.get(i).endpoint().id(), 0) / hashes.length;
            }
        }
        return scores;
    }

    @Override
    public void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort) {
        RequestState state = states.take(stateKey(request));
        List<Endpoint> targets = result.primaryTargets();
        if (state == null || targets.isEmpty()) {
            return;
        }
        Endpoint target = targets.get(0);
        // Synchronous: adding ≤ maxPrefixBlocksToMatch hashes takes microseconds, and the next request for
        // the same prefix then sees this one (the reference adds them on a goroutine).
        index.add(state.hashes(), target.id());

        int total = state.hashes().length;
        int matched = state.matches().getOrDefault(target.id(), 0);
        int blockSize = blockSize(target.metrics().cacheBlockSize());
        observer.prefixIndexerHit((long) matched * blockSize, total > 0 ? (double) matched / total : 0, total > 0);
    }

    /** Drops index entries of servers that left the datastore (every 2 minutes). */
    public void forgetServersNotInDatastore() {
        Set<EndpointId> live = new HashSet<>();
        for (Endpoint endpoint : datastore.endpoints()) {
            live.add(endpoint.id());
        }
        index.retainServers(live);
    }

    /** {@code inference_extension_prefix_indexer_size} (every second). */
    public void reportIndexSize() {
        observer.prefixIndexerSize(index.size());
    }

    /** Drops request states that PreRequest never took (every minute, after 5 idle minutes). */
    public void purgeIdleRequestStates() {
        states.purgeIdle(STATE_MAX_IDLE);
    }

    PrefixIndex index() {
        return index;
    }

    int pendingRequestStates() {
        return states.size();
    }

    /** Block size in bytes: the model server's KV block size (tokens) × 4 when it reports one, else the parameter. */
    private int blockSize(int serverCacheBlockSize) {
        if (serverCacheBlockSize <= 0) {
            return config.blockSize();
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, (long) serverCacheBlockSize * AVERAGE_CHARACTERS_PER_TOKEN);
    }

    private static String stateKey(SchedulingRequest request) {
        return request.requestId() == null ? "" : request.requestId();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable task : housekeeping) {
            task.close();
        }
    }
}
