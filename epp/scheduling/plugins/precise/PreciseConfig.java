package epp.scheduling.plugins.precise;

import com.fasterxml.jackson.databind.JsonNode;
import epp.kvevents.BlockIndex;
import epp.kvevents.KvEventsConfig;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of {@code precise-prefix-cache-scorer}, with llm-d's names where llm-d has them:
 * <pre>
 * tokenProcessorConfig:            # also accepted under indexerConfig, as llm-d allows
 *   blockSize: 16                  # vLLM's --block-size (tokens); a server's vllm:cache_config_info wins
 *   hashSeed: "42"                 # vLLM's PYTHONHASHSEED (required: unset, vLLM's seed is random)
 *   hashAlgo: sha256_cbor          # pool's: vLLM's --prefix-caching-hash-algo (only sha256_cbor)
 * indexerConfig:
 *   tokenizersPoolConfig:
 *     modelName: meta-llama/Llama-3.1-8B-Instruct
 *     local:
 *       modelTokenizerMap: {MODEL: /path/to/tokenizer.json}
 *       autoDiscoveryDir: /mnt/models                # MODEL/tokenizer.json below it
 *       autoDiscoveryTokenizerFileName: tokenizer.json
 *   kvBlockIndexConfig:
 *     inMemoryConfig: {size: 1000000, podCacheSize: 10}
 * kvEventsConfig:
 *   topicFilter: ""                                 # llm-d's default is "kv@"; "" takes every topic
 *   discoverPods: true                              # connect to every ready pod's PUB socket
 *   podDiscoveryConfig: {socketPort: 5557, replayPort: 0}   # replayPort is pool's (vLLM's replay_endpoint)
 *   zmqEndpoint: tcp://*:5557                       # llm-d's central mode: bind, servers connect (topic kv@IP@model)
 * </pre>
 */
record PreciseConfig(int blockSize, String hashSeed, String hashAlgo, String modelName,
                     Map<String, Path> modelTokenizerMap, Path autoDiscoveryDir, String autoDiscoveryFileName,
                     int indexSize, int endpointsPerBlock, KvEventsConfig kvEvents) {
    static final int DEFAULT_BLOCK_SIZE = 16;
    static final String DEFAULT_AUTO_DISCOVERY_DIR = "/mnt/models";
    static final String DEFAULT_TOKENIZER_FILE = "tokenizer.json";

    static PreciseConfig from(JsonNode raw) throws InvalidParametersException {
        Parameters.of(raw); // must be a map (or absent)
        JsonNode root = raw == null || raw.isNull() ? null : raw;
        JsonNode indexer = object(root, "indexerConfig");
        JsonNode processor = object(root, "tokenProcessorConfig");
        if (processor == null) {
            processor = object(indexer, "tokenProcessorConfig");
        }
        int blockSize = integer(processor, "blockSize", "tokenProcessorConfig.blockSize", DEFAULT_BLOCK_SIZE);
        if (blockSize < 1) {
            throw new InvalidParametersException("parameter tokenProcessorConfig.blockSize must be at least 1 "
                    + "(vLLM's --block-size, default 16), got " + blockSize);
        }
        String hashSeed = string(processor, "hashSeed", "tokenProcessorConfig.hashSeed", null);
        String hashAlgo = string(processor, "hashAlgo", "tokenProcessorConfig.hashAlgo", "sha256_cbor");

        JsonNode pool = object(indexer, "tokenizersPoolConfig");
        String modelName = string(pool, "modelName", "indexerConfig.tokenizersPoolConfig.modelName", null);
        JsonNode local = object(pool, "local");
        Map<String, Path> tokenizers = new LinkedHashMap<>();
        JsonNode map = object(local, "modelTokenizerMap");
        if (map != null) {
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw new InvalidParametersException("parameter indexerConfig.tokenizersPoolConfig.local.modelTokenizerMap."
                            + entry.getKey() + " must be the path of a tokenizer.json, got " + Parameters.describe(entry.getValue()));
                }
                tokenizers.put(entry.getKey(), Path.of(entry.getValue().textValue()));
            }
        }
        String dir = string(local, "autoDiscoveryDir", "indexerConfig.tokenizersPoolConfig.local.autoDiscoveryDir",
                DEFAULT_AUTO_DISCOVERY_DIR);
        String file = string(local, "autoDiscoveryTokenizerFileName",
                "indexerConfig.tokenizersPoolConfig.local.autoDiscoveryTokenizerFileName", DEFAULT_TOKENIZER_FILE);

        JsonNode inMemory = object(object(indexer, "kvBlockIndexConfig"), "inMemoryConfig");
        int size = integer(inMemory, "size", "indexerConfig.kvBlockIndexConfig.inMemoryConfig.size",
                BlockIndex.DEFAULT_CAPACITY);
        int podCacheSize = integer(inMemory, "podCacheSize", "indexerConfig.kvBlockIndexConfig.inMemoryConfig.podCacheSize",
                BlockIndex.DEFAULT_ENDPOINTS_PER_BLOCK);
        if (size < 1 || podCacheSize < 1) {
            throw new InvalidParametersException("parameters indexerConfig.kvBlockIndexConfig.inMemoryConfig.size and "
                    + "podCacheSize must be at least 1, got " + size + " and " + podCacheSize);
        }

        JsonNode events = object(root, "kvEventsConfig");
        String topicFilter = string(events, "topicFilter", "kvEventsConfig.topicFilter", "");
        JsonNode discovery = object(events, "podDiscoveryConfig");
        int socketPort = integer(discovery, "socketPort", "kvEventsConfig.podDiscoveryConfig.socketPort",
                KvEventsConfig.DEFAULT_SOCKET_PORT);
        int replayPort = integer(discovery, "replayPort", "kvEventsConfig.podDiscoveryConfig.replayPort", 0);
        String zmqEndpoint = string(events, "zmqEndpoint", "kvEventsConfig.zmqEndpoint", null);
        if (zmqEndpoint != null && zmqEndpoint.isEmpty()) {
            zmqEndpoint = null;
        }
        if (zmqEndpoint != null && !zmqEndpoint.startsWith("tcp://")) {
            throw new InvalidParametersException("parameter kvEventsConfig.zmqEndpoint must be a tcp:// address to bind "
                    + "(e.g. tcp://*:5557), got \"" + zmqEndpoint + "\"");
        }
        boolean discoverPods = bool(events, "discoverPods", "kvEventsConfig.discoverPods", true);
        if (!discoverPods && zmqEndpoint == null) {
            throw new InvalidParametersException("parameters kvEventsConfig.discoverPods is false and kvEventsConfig.zmqEndpoint "
                    + "is not set: no KV events would arrive; set one of them");
        }
        KvEventsConfig kvEvents;
        try {
            kvEvents = new KvEventsConfig(socketPort, replayPort, topicFilter, KvEventsConfig.DEFAULT_REPLAY_TIMEOUT,
                    KvEventsConfig.DEFAULT_MAX_PENDING_BATCHES, discoverPods, zmqEndpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidParametersException("parameter kvEventsConfig.podDiscoveryConfig: " + e.getMessage());
        }
        return new PreciseConfig(blockSize, hashSeed, hashAlgo, modelName, Map.copyOf(tokenizers), Path.of(dir), file,
                size, podCacheSize, kvEvents);
    }

    /** Where this model's tokenizer.json is: the map's entry, else {@code autoDiscoveryDir/MODEL/FILE} if it exists. */
    Optional<Path> tokenizerPath(String model) {
        Path mapped = modelTokenizerMap.get(model);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        if (model == null) {
            return Optional.empty();
        }
        Path discovered = autoDiscoveryDir.resolve(model).resolve(autoDiscoveryFileName);
        return Files.isRegularFile(discovered) ? Optional.of(discovered) : Optional.empty();
    }

    private static JsonNode object(JsonNode parent, String key) throws InvalidParametersException {
        JsonNode value = parent == null ? null : parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new InvalidParametersException("parameter " + key + " must be a map, got " + Parameters.describe(value));
        }
        return value;
    }

    private static int integer(JsonNode parent, String key, String path, int defaultValue) throws InvalidParametersException {
        JsonNode value = parent == null ? null : parent.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!Parameters.isWholeInt(value)) {
            throw new InvalidParametersException("parameter " + path + " must be a whole number, got " + Parameters.describe(value));
        }
        return value.intValue();
    }

    private static boolean bool(JsonNode parent, String key, String path, boolean defaultValue)
            throws InvalidParametersException {
        JsonNode value = parent == null ? null : parent.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new InvalidParametersException("parameter " + path + " must be true or false, got " + Parameters.describe(value));
        }
        return value.booleanValue();
    }

    private static String string(JsonNode parent, String key, String path, String defaultValue)
            throws InvalidParametersException {
        JsonNode value = parent == null ? null : parent.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw new InvalidParametersException("parameter " + path + " must be a string, got " + Parameters.describe(value)
                    + (value.isNumber() ? " (quote it: \"" + value.asText() + "\")" : ""));
        }
        return value.textValue();
    }
}
