package sandbox.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import sim.engine.SimOptions;

/**
 * The sandbox's precise prefix-cache mode: simulators that tokenize with {@code tokenizer.json},
 * hash blocks as vLLM's {@code sha256_cbor} with a fixed seed and publish KV events (ZMQ PUB on
 * 5557, replay on 5558, per pod address), and the EPP profile whose {@code precise-prefix-cache-scorer}
 * subscribes to them with the same tokenizer, block size and seed (in place of the approximate prefix
 * scorer; the queue and KV-cache scorers and the equal weights as in the chart's default profile).
 */
public record PrecisePrefixCache(Path tokenizer) {
    /** The project's small test tokenizer (tokens/tiny, made by make_tokenizer.py), relative to the repository. */
    public static final Path TINY_TOKENIZER = Path.of("tokens", "tiny", "tokenizer.json");
    static final String HASH_ALGO = "sha256_cbor";
    static final String HASH_SEED = "42";
    static final int KV_EVENTS_PORT = 5557;
    static final int REPLAY_PORT = 5558;

    public PrecisePrefixCache {
        tokenizer = Objects.requireNonNull(tokenizer).toAbsolutePath().normalize();
    }

    /** Fails with what to fix when the tokenizer file is missing. */
    void validate() {
        if (!Files.isRegularFile(tokenizer)) {
            throw new IllegalArgumentException("precise prefix cache: tokenizer " + tokenizer
                    + " not found; give the path of a tokenizer.json (the project's is " + TINY_TOKENIZER + ")");
        }
    }

    /** A copy of {@code base} publishing KV events and hashing as the scorer does. */
    SimOptions simulator(SimOptions base) {
        SimOptions sim = base.copy();
        sim.enableKvcache = true;
        sim.tokenizer = tokenizer.toString();
        sim.prefixCachingHashAlgo = HASH_ALGO;
        sim.hashSeed = HASH_SEED;
        sim.zmqEndpoint = "tcp://*:" + KV_EVENTS_PORT;
        sim.kvEventsReplayEndpoint = "tcp://*:" + REPLAY_PORT;
        return sim.validate();
    }

    /** The EndpointPickerConfig for simulators of {@code sim}'s model and block size. */
    String eppConfig(SimOptions sim) {
        return """
                apiVersion: inference.networking.x-k8s.io/v1alpha1
                kind: EndpointPickerConfig
                plugins:
                - type: queue-scorer
                - type: kv-cache-utilization-scorer
                - type: precise-prefix-cache-scorer
                  parameters:
                    tokenProcessorConfig: {blockSize: %d, hashSeed: "%s"}
                    indexerConfig:
                      tokenizersPoolConfig:
                        modelName: "%s"
                        local: {modelTokenizerMap: {"%s": "%s"}}
                    kvEventsConfig:
                      podDiscoveryConfig: {socketPort: %d, replayPort: %d}
                schedulingProfiles:
                - name: default
                  plugins:
                  - {pluginRef: queue-scorer, weight: 1}
                  - {pluginRef: kv-cache-utilization-scorer, weight: 1}
                  - {pluginRef: precise-prefix-cache-scorer, weight: 1}
                """.formatted(sim.blockSize, HASH_SEED, sim.model, sim.model, tokenizer, KV_EVENTS_PORT, REPLAY_PORT);
    }
}
