package sim.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Everything one simulated model server is configured with. The flag names are llm-d-inference-sim's
 * (and vLLM's where they share one), so people who know either feel at home. The defaults are near
 * an 8B model in bf16 on one H100. Programmatic users set the fields and call {@link #validate()}.
 */
public final class SimOptions {
    @Option(names = "--model", description = "Base model name (default: ${DEFAULT-VALUE}).")
    public String model = "meta-llama/Llama-3.1-8B-Instruct";

    @Option(names = "--served-model-name", split = ",", description = "Names the base model answers to (default: --model).")
    public List<String> servedModelNames = new ArrayList<>();

    @Option(names = "--max-num-seqs", description = "Requests decoded at once; the rest wait, first come first served (default: ${DEFAULT-VALUE}).")
    public int maxNumSeqs = 256;

    @Option(names = "--max-loras", description = "LoRA adapters loaded at once (default: ${DEFAULT-VALUE}).")
    public int maxLoras = 1;

    @Option(names = "--lora-modules", split = " ", arity = "1..*",
            description = "LoRA adapters served: NAME, NAME=PATH or {\"name\":NAME,\"path\":PATH}.")
    public List<String> loraModules = new ArrayList<>();

    @Option(names = "--lora-load-time", converter = DurationConverter.class,
            description = "Added to the prefill of a request whose adapter is not loaded (default: 20ms).")
    public Duration loraLoadTime = Duration.ofMillis(20);

    @Option(names = "--max-model-len", description = "Longest prompt + output, in tokens (default: ${DEFAULT-VALUE}).")
    public int maxModelLen = 32768;

    @Option(names = "--time-to-first-token", converter = DurationConverter.class,
            description = "Constant prefill time; 0 selects per-token mode (default: 0).")
    public Duration timeToFirstToken = Duration.ZERO;

    @Option(names = "--time-to-first-token-std-dev", converter = DurationConverter.class,
            description = "Jitter of --time-to-first-token (default: 0).")
    public Duration timeToFirstTokenStdDev = Duration.ZERO;

    @Option(names = "--prefill-overhead", converter = DurationConverter.class,
            description = "Per-token mode: fixed part of every prefill (default: 20ms).")
    public Duration prefillOverhead = Duration.ofMillis(20);

    @Option(names = "--prefill-time-per-token", converter = DurationConverter.class,
            description = "Per-token mode: time per uncached prompt token (default: 70us).")
    public Duration prefillTimePerToken = Duration.ofNanos(70_000);

    @Option(names = "--prefill-time-std-dev", converter = DurationConverter.class,
            description = "Jitter of per-token prefill; capped at 30%% of the mean (default: 2ms).")
    public Duration prefillTimeStdDev = Duration.ofMillis(2);

    @Option(names = "--inter-token-latency", converter = DurationConverter.class,
            description = "Time per decoded token after the first (default: 10ms).")
    public Duration interTokenLatency = Duration.ofMillis(10);

    @Option(names = "--inter-token-latency-std-dev", converter = DurationConverter.class,
            description = "Jitter of --inter-token-latency (default: 1ms).")
    public Duration interTokenLatencyStdDev = Duration.ofMillis(1);

    @Option(names = "--time-factor-under-load",
            description = "Latencies grow linearly from x1 (one request running) to this factor at max-num-seqs running (default: ${DEFAULT-VALUE}).")
    public double timeFactorUnderLoad = 2.5;

    @Option(names = "--max-num-batched-tokens", description = "vLLM's prompt tokens per engine step (chunked prefill). "
            + "When set, prefill and decode share the accelerator as in vLLM: prompts are computed one at a time, and each "
            + "running request's next token waits for the prompt work in its interval, up to this many tokens' worth. "
            + "0: prefill and decode are timed independently, as llm-d-inference-sim does (default: ${DEFAULT-VALUE}).")
    public int maxNumBatchedTokens = 0;

    @Option(names = "--kv-cache-size", description = "KV cache size in blocks (default: ${DEFAULT-VALUE}).")
    public int kvCacheSize = 1024;

    @Option(names = "--block-size", description = "Tokens per KV block, 8 to 128 (default: ${DEFAULT-VALUE}).")
    public int blockSize = 16;

    @Option(names = "--enable-kvcache", description = "Publish KV events over ZMQ (default: ${DEFAULT-VALUE}).")
    public boolean enableKvcache = false;

    @Option(names = "--zmq-endpoint", description = "Where KV events go: bound when it contains '*' (at the pod's own address), "
            + "else connected; rank r uses port + r (default: ${DEFAULT-VALUE}).")
    public String zmqEndpoint = "tcp://*:5557";

    @Option(names = "--kv-events-replay-endpoint", description = "ROUTER socket answering KV event replay requests "
            + "(vLLM's replay_endpoint), '*' = the pod's address, rank r uses port + r; empty: none (default: ${DEFAULT-VALUE}).")
    public String kvEventsReplayEndpoint = "tcp://*:5558";

    @Option(names = "--kv-events-replay-queue-size", description = "Event batches kept for replay; the oldest go first (default: ${DEFAULT-VALUE}).")
    public int kvEventsReplayQueueSize = 1000;

    @Option(names = "--tokenizer", description = "A Hugging Face tokenizer.json (or its directory); its tokenizer_config.json "
            + "beside it gives the chat template. Default: 4 bytes a token.")
    public String tokenizer;

    @Option(names = "--prefix-caching-hash-algo", description = "Block hashes: sha256_cbor (vLLM's, seeded by --hash-seed) "
            + "or sim-chained (default: ${DEFAULT-VALUE}).")
    public String prefixCachingHashAlgo = SIM_CHAINED;

    @Option(names = "--hash-seed", description = "vLLM's PYTHONHASHSEED for sha256_cbor block hashes (default: the PYTHONHASHSEED environment variable).")
    public String hashSeed;

    @Option(names = "--event-batch-size", description = "KV events per published batch at most (default: ${DEFAULT-VALUE}).")
    public int eventBatchSize = 16;

    @Option(names = "--mode", description = "echo (answer with the prompt) or random (default: ${DEFAULT-VALUE}).")
    public String mode = "random";

    @Option(names = "--seed", description = "Seed of the random source of jitter, text and failures (default: ${DEFAULT-VALUE}).")
    public long seed = 0;

    @Option(names = "--failure-injection-rate", description = "Percent of requests answered with an error, 0 to 100 (default: ${DEFAULT-VALUE}).")
    public int failureInjectionRate = 0;

    @Option(names = "--failure-types", split = ",",
            description = "Errors injected: rate_limit, invalid_api_key, context_length, server_error, invalid_request, model_not_found (default: all).")
    public List<String> failureTypes = new ArrayList<>();

    @Option(names = "--data-parallel-size", description = "Ranks behind one pod, each on port + rank (default: ${DEFAULT-VALUE}).")
    public int dataParallelSize = 1;

    public static final List<String> MODES = List.of("echo", "random");
    /** The simulator's own block hash (tokens.ChainedBlockHasher). */
    public static final String SIM_CHAINED = "sim-chained";
    public static final List<String> HASH_ALGOS = List.of(SIM_CHAINED, "sha256_cbor");

    /** The names the base model answers to. */
    public List<String> baseModelNames() {
        return servedModelNames.isEmpty() ? List.of(model) : List.copyOf(servedModelNames);
    }

    /** Every problem at once, each naming the flag and what fixes it; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (model == null || model.isBlank()) {
            problems.add("--model must name the base model, e.g. --model meta-llama/Llama-3.1-8B-Instruct");
        }
        positive(problems, "--max-num-seqs", maxNumSeqs);
        positive(problems, "--kv-cache-size", kvCacheSize);
        positive(problems, "--max-model-len", maxModelLen);
        positive(problems, "--event-batch-size", eventBatchSize);
        positive(problems, "--kv-events-replay-queue-size", kvEventsReplayQueueSize);
        if (!HASH_ALGOS.contains(prefixCachingHashAlgo)) {
            problems.add("--prefix-caching-hash-algo must be " + String.join(" or ", HASH_ALGOS) + ", got " + prefixCachingHashAlgo
                    + (List.of("builtin", "sha256", "xxhash", "xxhash_cbor").contains(prefixCachingHashAlgo)
                    ? " (vLLM's other algorithms cannot be reproduced by the EPP; use sha256_cbor)" : ""));
        } else if (!SIM_CHAINED.equals(prefixCachingHashAlgo) && hashSeed == null) {
            problems.add("--prefix-caching-hash-algo " + prefixCachingHashAlgo + " needs a seed: set --hash-seed or PYTHONHASHSEED "
                    + "(the EPP's tokenProcessorConfig.hashSeed must be the same)");
        }
        if (enableKvcache && dataParallelSize > 1) {
            int pub = port(zmqEndpoint);
            int replay = port(kvEventsReplayEndpoint);
            if (pub > 0 && replay > 0 && Math.abs(pub - replay) < dataParallelSize) {
                problems.add("--data-parallel-size " + dataParallelSize + ": rank r publishes on " + zmqEndpoint + " + r and replays on "
                        + kvEventsReplayEndpoint + " + r, so the ports collide; move the replay endpoint, e.g. --kv-events-replay-endpoint tcp://*:"
                        + (Math.max(pub, replay) + dataParallelSize) + " (and the EPP's replayPort with it)");
            }
        }
        if (tokenizer != null && tokenizerJson() == null) {
            problems.add("--tokenizer " + tokenizer + " is neither a tokenizer.json file nor a directory holding one");
        }
        if (maxLoras < 0) {
            problems.add("--max-loras must be 0 or more, got " + maxLoras);
        }
        if (blockSize < 8 || blockSize > 128) {
            problems.add("--block-size must be between 8 and 128 tokens, got " + blockSize);
        }
        if (maxNumBatchedTokens < 0) {
            problems.add("--max-num-batched-tokens must be 0 (off) or more, got " + maxNumBatchedTokens);
        }
        if (timeFactorUnderLoad < 1.0) {
            problems.add("--time-factor-under-load must be at least 1.0, got " + timeFactorUnderLoad);
        }
        if (!MODES.contains(mode)) {
            problems.add("--mode must be echo or random, got " + mode);
        }
        if (failureInjectionRate < 0 || failureInjectionRate > 100) {
            problems.add("--failure-injection-rate must be a percentage from 0 to 100, got " + failureInjectionRate);
        }
        for (String type : failureTypes) {
            if (!FailureType.NAMES.contains(type)) {
                problems.add("--failure-types: unknown type " + type + "; use " + String.join(", ", FailureType.NAMES));
            }
        }
        if (dataParallelSize < 1 || dataParallelSize > 8) {
            problems.add("--data-parallel-size must be between 1 and 8, got " + dataParallelSize);
        }
        for (String module : loraModules) {
            try {
                LoraModule.parse(module);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (Duration d : List.of(loraLoadTime, timeToFirstToken, timeToFirstTokenStdDev, prefillOverhead,
                prefillTimePerToken, prefillTimeStdDev, interTokenLatency, interTokenLatencyStdDev)) {
            if (d.isNegative()) {
                problems.add("latencies must not be negative, got " + d);
            }
        }
        return problems;
    }

    /** @throws IllegalArgumentException listing every problem */
    public SimOptions validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return this;
    }

    /** The port of a {@code tcp://HOST:PORT} endpoint, 0 when it has none (or is blank). */
    private static int port(String endpoint) {
        if (endpoint == null || !endpoint.startsWith("tcp://")) {
            return 0;
        }
        try {
            return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The tokenizer.json {@link #tokenizer} names (the file, or tokenizer.json in the directory), null when none is there. */
    public Path tokenizerJson() {
        if (tokenizer == null) {
            return null;
        }
        Path path = Path.of(tokenizer);
        if (Files.isDirectory(path)) {
            path = path.resolve("tokenizer.json");
        }
        return Files.isRegularFile(path) ? path : null;
    }

    public List<LoraModule> loras() {
        return loraModules.stream().map(LoraModule::parse).toList();
    }

    public SimOptions copy() {
        SimOptions c = new SimOptions();
        c.model = model;
        c.servedModelNames = new ArrayList<>(servedModelNames);
        c.maxNumSeqs = maxNumSeqs;
        c.maxLoras = maxLoras;
        c.loraModules = new ArrayList<>(loraModules);
        c.loraLoadTime = loraLoadTime;
        c.maxModelLen = maxModelLen;
        c.timeToFirstToken = timeToFirstToken;
        c.timeToFirstTokenStdDev = timeToFirstTokenStdDev;
        c.prefillOverhead = prefillOverhead;
        c.prefillTimePerToken = prefillTimePerToken;
        c.prefillTimeStdDev = prefillTimeStdDev;
        c.interTokenLatency = interTokenLatency;
        c.interTokenLatencyStdDev = interTokenLatencyStdDev;
        c.timeFactorUnderLoad = timeFactorUnderLoad;
        c.maxNumBatchedTokens = maxNumBatchedTokens;
        c.kvCacheSize = kvCacheSize;
        c.blockSize = blockSize;
        c.enableKvcache = enableKvcache;
        c.zmqEndpoint = zmqEndpoint;
        c.eventBatchSize = eventBatchSize;
        c.mode = mode;
        c.seed = seed;
        c.failureInjectionRate = failureInjectionRate;
        c.failureTypes = new ArrayList<>(failureTypes);
        c.dataParallelSize = dataParallelSize;
        c.kvEventsReplayEndpoint = kvEventsReplayEndpoint;
        c.kvEventsReplayQueueSize = kvEventsReplayQueueSize;
        c.tokenizer = tokenizer;
        c.prefixCachingHashAlgo = prefixCachingHashAlgo;
        c.hashSeed = hashSeed;
        return c;
    }

    private static void positive(List<String> problems, String flag, int value) {
        if (value < 1) {
            problems.add(flag + " must be at least 1, got " + value);
        }
    }

    /** Go-style durations ("20ms", "70us", "1.5s") or a plain number of milliseconds, as llm-d-inference-sim takes them. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    public static Duration parseDuration(String value) {
        String v = value.trim();
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
                {"m", "60000000000"}};
        try {
            for (String[] unit : units) {
                if (v.endsWith(unit[0]) && !(unit[0].equals("s") && (v.endsWith("ms") || v.endsWith("us") || v.endsWith("ns") || v.endsWith("µs")))) {
                    double number = Double.parseDouble(v.substring(0, v.length() - unit[0].length()));
                    return Duration.ofNanos(Math.round(number * Double.parseDouble(unit[1])));
                }
            }
            return Duration.ofNanos(Math.round(Double.parseDouble(v) * 1_000_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid duration " + value + ": use e.g. 20ms, 70us or 1.5s (a plain number is milliseconds)");
        }
    }
}
