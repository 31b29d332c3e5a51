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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tokens.ChatTemplate;
import tokens.HuggingFaceTokenizer;
import tokens.VllmBlockHasher;

/**
 * Scores endpoints by how much of the prompt's KV cache they really hold, from the model servers'
 * own KV events (llm-d's precise prefix-cache routing): the prompt is tokenized with the model's
 * tokenizer.json, cut into vLLM's blocks and hashed as vLLM hashes them; an endpoint's score is the
 * number of blocks from the start it holds without a gap, over the prompt's full blocks.
 *
 * <p>Chat requests are rendered with the model's chat template ({@code tokenizer_config.json} beside
 * its {@code tokenizer.json}) and tokenized without special tokens, as vLLM does; without a
 * template, or when it fails to render, they are scored by the approximate scorer.
 *
 * <p>When it cannot reproduce the model server's hashes (no tokenizer, no hash seed, an algorithm
 * other than sha256_cbor) it says why at start and scores with the approximate
 * {@code prefix-cache-scorer} instead.
 */
public final class PrecisePrefixCacheScorer implements Scorer, PreRequest, AutoCloseable {
    public static final String TYPE = "precise-prefix-cache-scorer";

    private final TypedName typedName;
    private final PreciseConfig config;
    private final PrefixCacheScorer approximate;
    private final Precise precise;

    /** What precise scoring needs; absent when it cannot work. */
    private record Precise(VllmBlockHasher hasher, Map<String, Model> models, BlockIndex index,
                           KvEventSubscriber subscriber) {}

    /** How one model turns a request into tokens; chatTemplate null when it has none. */
    private record Model(HuggingFaceTokenizer tokenizer, ChatTemplate chatTemplate) {}

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
        Map<String, Model> models = loadModels(config);
        if (models.isEmpty()) {
            return fallBack("no tokenizer: set indexerConfig.tokenizersPoolConfig.modelName with the model's "
                    + "tokenizer.json under local.autoDiscoveryDir (" + config.autoDiscoveryDir() + "/MODEL/"
                    + config.autoDiscoveryFileName() + ") or in local.modelTokenizerMap");
        }
        BlockIndex index = new BlockIndex(config.indexSize(), config.endpointsPerBlock());
        KvEventSubscriber subscriber = new KvEventSubscriber(config.kvEvents(), index).follow(handle.datastore());
        Log.info("precise-prefix-cache-scorer: scoring from KV events", "plugin", typedName.toString(),
                "models", String.join(",", models.keySet()), "blockSize", config.blockSize(),
                "hashAlgo", config.hashAlgo(), "socketPort", config.kvEvents().socketPort(),
                "replayPort", config.kvEvents().replayPort(), "discoverPods", config.kvEvents().discoverPods(),
                "zmqEndpoint", String.valueOf(config.kvEvents().zmqEndpoint()), "indexSize", config.indexSize());
        return new Precise(hasher, models, index, subscriber);
    }

    private Precise fallBack(String reason) {
        Log.warn("precise-prefix-cache-scorer: " + reason + "; scoring with the approximate prefix-cache scorer",
                "plugin", typedName.toString());
        return null;
    }

    private static Map<String, Model> loadModels(PreciseConfig config) {
        Set<String> models = new LinkedHashSet<>();
        if (config.modelName() != null) {
            models.add(config.modelName());
        }
        models.addAll(config.modelTokenizerMap().keySet());
        Map<String, Model> loaded = new LinkedHashMap<>();
        for (String model : models) {
            Optional<Path> path = config.tokenizerPath(model);
            if (path.isEmpty()) {
                Log.warn("precise-prefix-cache-scorer: no tokenizer.json for model", "model", model,
                        "looked in", config.autoDiscoveryDir().resolve(model).resolve(config.autoDiscoveryFileName()).toString());
                continue;
            }
            HuggingFaceTokenizer tokenizer;
            try {
                // Completions prompts: vLLM tokenizes them with the tokenizer's special tokens (e.g. BOS).
                tokenizer = HuggingFaceTokenizer.load(path.get(), true);
            } catch (IOException | RuntimeException | LinkageError e) {
                Log.warn("precise-prefix-cache-scorer: cannot load tokenizer", "model", model, "error", e.getMessage());
                continue;
            }
            loaded.put(model, new Model(tokenizer, chatTemplate(model, path.get())));
        }
        return loaded;
    }

    private static ChatTemplate chatTemplate(String model, Path tokenizerJson) {
        Path config = tokenizerJson.resolveSibling("tokenizer_config.json");
        try {
            if (Files.isRegularFile(config)) {
                Optional<ChatTemplate> template = ChatTemplate.load(config);
                if (template.isPresent()) {
                    return template.get();
                }
            }
        } catch (IOException e) {
            Log.warn("precise-prefix-cache-scorer: cannot read the chat template", "model", model, "error", e.getMessage());
            return null;
        }
        Log.warn("precise-prefix-cache-scorer: no chat_template in " + config
                + "; chat requests are scored with the approximate prefix-cache scorer", "model", model);
        return null;
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
        int[] tokens = precise == null ? null : tokens(request);
        if (tokens == null) {
            return approximate.score(request, candidates);
        }
        int blockSize = candidates.isEmpty() || candidates.get(0).metrics().cacheBlockSize() <= 0
                ? config.blockSize() : candidates.get(0).metrics().cacheBlockSize();
        String salt = request.body().cacheSalt() == null || request.body().cacheSalt().isEmpty()
                ? null : request.body().cacheSalt();
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

    /** The request's tokens as the model server computes them, or null when they cannot be reproduced. */
    private int[] tokens(SchedulingRequest request) {
        Model model = modelFor(request.targetModel());
        if (request.body() instanceof RequestBody.Completions completions) {
            return model.tokenizer().encode(completions.prompt().toString(), true);
        }
        if (request.body() instanceof RequestBody.ChatCompletions chat && model.chatTemplate() != null) {
            List<ChatTemplate.Message> messages = new ArrayList<>(chat.messages().size());
            for (RequestBody.Message message : chat.messages()) {
                messages.add(new ChatTemplate.Message(message.role(), message.content()));
            }
            try {
                // vLLM's chat completions: add_generation_prompt defaults to true, special tokens come from the template.
                return model.tokenizer().encode(model.chatTemplate().render(messages, true), false);
            } catch (ChatTemplate.RenderException e) {
                Log.v(Log.DEBUG, "precise-prefix-cache-scorer: chat template failed; approximate score", "error", e.getMessage());
            }
        }
        return null;
    }

    private Model modelFor(String name) {
        Model model = precise.models().get(name);
        if (model == null && config.modelName() != null) {
            model = precise.models().get(config.modelName());
        }
        return model != null ? model : precise.models().values().iterator().next();
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
            precise.models().values().forEach(model -> model.tokenizer().close());
        }
    }
}
