package epp.scheduling.plugins.precise;

import com.fasterxml.jackson.databind.JsonNode;
import epp.datastore.EndpointId;
import epp.kvevents.BlockIndex;
import epp.kvevents.KvEventSubscriber;
import epp.logging.Log;
import epp.scheduling.RequestBody;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.PreRequest;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.TypedName;
import epp.scheduling.plugins.prefix.PrefixCacheScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

/**
 * Scores endpoints by how much of the prompt's KV cache they really hold, from the model servers'
 * own KV events (llm-d's precise prefix-cache routing): the prompt is tokenized with the model's
 * tokenizer.json, cut into vLLM's blocks and hashed as vLLM hashes them; an endpoint's score is the
 * number of blocks from the start it holds without a gap, over the prompt's full blocks.
 *
 * <p>When it cannot reproduce the model server's hashes (no tokenizer, no hash seed, an algorithm
 * other than sha256_cbor) it says why at start and scores with the approximate
 * {@code prefix-cache-scorer} instead. Chat requests are scored by the approximate scorer too: the
 * model's chat template (Jinja) is not rendered here.
 */
public final class PrecisePrefixCacheScorer implements Scorer, PreRequest, AutoCloseable {
    public static final String TYPE = "precise-prefix-cache-scorer";

    private final TypedName typedName;
    private final PreciseConfig config;
    private final PrefixCacheScorer approximate;
    private final Precise precise;

    /** What precise scoring needs; absent when it cannot work. */
    private record Precise(VllmBlockHasher hasher, Map<String, HuggingFaceTokenizer> tokenizers, BlockIndex index,
                           KvEventSubscriber subscriber) {}

    PrecisePrefixCacheScorer(String name, PreciseConfig config, PluginHandle handle) throws InvalidParametersException {
        this.typedName = new TypedName(TYPE, name);
        this.config = config;
        this.approximate = PrefixCacheScorer.create(name, null, handle);
        this.precise = startPrecise(config, handle);
    }

    public static PrecisePrefixCacheScorer create(String name, JsonNode parameters, PluginHandle handle)
            throws InvalidParametersException {
        return new PrecisePrefixCacheScorer(name, PreciseConfig.from(parameters), handle);
    }

    private Precise startPrecise(PreciseConfig config, PluginHandle handle) {
        if (config.centralEndpointGiven()) {
            Log.warn("precise-prefix-cache-scorer: kvEventsConfig.zmqEndpoint (model servers connecting to the EPP) is "
                    + "not supported and ignored; the EPP subscribes to every ready pod on podDiscoveryConfig.socketPort",
                    "plugin", typedName.toString());
        }
        if (config.hashSeed() == null) {
            return fallBack("tokenProcessorConfig.hashSeed is not set: vLLM seeds its block hashes with PYTHONHASHSEED "
                    + "(random when unset); set PYTHONHASHSEED on the model servers and hashSeed to the same value");
        }
        VllmBlockHasher hasher;
        try {
            hasher = VllmBlockHasher.of(config.hashAlgo(), config.hashSeed());
        } catch (IllegalArgumentException e) {
            return fallBack("tokenProcessorConfig.hashAlgo: " + e.getMessage());
        }
        Map<String, HuggingFaceTokenizer> tokenizers = loadTokenizers(config);
        if (tokenizers.isEmpty()) {
            return fallBack("no tokenizer: set indexerConfig.tokenizersPoolConfig.modelName with the model's "
                    + "tokenizer.json under local.autoDiscoveryDir (" + config.autoDiscoveryDir() + "/MODEL/"
                    + config.autoDiscoveryFileName() + ") or in local.modelTokenizerMap");
        }
        BlockIndex index = new BlockIndex(config.indexSize(), config.endpointsPerBlock());
        KvEventSubscriber subscriber = new KvEventSubscriber(config.kvEvents(), index).follow(handle.datastore());
        Log.info("precise-prefix-cache-scorer: scoring from KV events", "plugin", typedName.toString(),
                "models", String.join(",", tokenizers.keySet()), "blockSize", config.blockSize(),
                "hashAlgo", config.hashAlgo(), "socketPort", config.kvEvents().socketPort(),
                "replayPort", config.kvEvents().replayPort(), "indexSize", config.indexSize());
        return new Precise(hasher, tokenizers, index, subscriber);
    }

    private Precise fallBack(String reason) {
        Log.warn("precise-prefix-cache-scorer: " + reason + "; scoring with the approximate prefix-cache scorer",
                "plugin", typedName.toString());
        return null;
    }

    private static Map<String, HuggingFaceTokenizer> loadTokenizers(PreciseConfig config) {
        Set<String> models = new LinkedHashSet<>();
        if (config.modelName() != null) {
            models.add(config.modelName());
        }
        models.addAll(config.modelTokenizerMap().keySet());
        Map<String, HuggingFaceTokenizer> tokenizers = new LinkedHashMap<>();
        for (String model : models) {
            Optional<Path> path = config.tokenizerPath(model);
            if (path.isEmpty()) {
                Log.warn("precise-prefix-cache-scorer: no tokenizer.json for model", "model", model,
                        "looked in", config.autoDiscoveryDir().resolve(model).resolve(config.autoDiscoveryFileName()).toString());
                continue;
            }
            try {
                // Completions prompts: vLLM tokenizes them with the tokenizer's special tokens (e.g. BOS).
                tokenizers.put(model, HuggingFaceTokenizer.load(path.get(), true));
            } catch (IOException | RuntimeException | LinkageError e) {
                Log.warn("precise-prefix-cache-scorer: cannot load tokenizer", "model", model, "error", e.getMessage());
            }
        }
        return tokenizers;
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    /** Whether it scores from KV events (false: it fell back to the approximate scorer). */
    public boolean precise() {
        return precise != null;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        if (precise == null || !(request.body() instanceof RequestBody.Completions completions)) {
            return approximate.score(request, candidates);
        }
        HuggingFaceTokenizer tokenizer = tokenizerFor(request.targetModel());
        int blockSize = candidates.isEmpty() || candidates.get(0).metrics().cacheBlockSize() <= 0
                ? config.blockSize() : candidates.get(0).metrics().cacheBlockSize();
        int[] tokens = tokenizer.encode(completions.prompt().toString());
        String salt = completions.cacheSalt() == null || completions.cacheSalt().isEmpty() ? null : completions.cacheSalt();
        long[] hashes = precise.hasher().hashFullBlocks(tokens, blockSize, null, salt);
        double[] scores = new double[candidates.size()];
        if (hashes.length == 0) {
            return scores;
        }
        Map<EndpointId, Integer> runs = precise.index().longestPrefixRuns(hashes);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (double) runs.getOrDefault(candidates.get(i).endpoint().id(), 0) / hashes.length;
        }
        return scores;
    }

    private HuggingFaceTokenizer tokenizerFor(String model) {
        HuggingFaceTokenizer tokenizer = precise.tokenizers().get(model);
        if (tokenizer == null && config.modelName() != null) {
            tokenizer = precise.tokenizers().get(config.modelName());
        }
        return tokenizer != null ? tokenizer : precise.tokenizers().values().iterator().next();
    }

    /** The approximate scorer learns from the requests it scored (chat, or all of them when falling back). */
    @Override
    public void preRequest(SchedulingRequest request, SchedulingResult result, int targetPort) {
        approximate.preRequest(request, result, targetPort);
    }

    BlockIndex index() {
        return precise == null ? null : precise.index();
    }

    KvEventSubscriber subscriber() {
        return precise == null ? null : precise.subscriber();
    }

    @Override
    public void close() throws Exception {
        approximate.close();
        if (precise != null) {
            precise.subscriber().close();
            precise.tokenizers().values().forEach(HuggingFaceTokenizer::close);
        }
    }
}
