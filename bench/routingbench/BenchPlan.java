package bench.routingbench;

import common.DefaultPluginsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import sim.engine.SimOptions;

/**
 * What a run measures: per workload, the simulated pool, the stage rates and length and the routers;
 * the routers' warm-up. The default pool is sized so that one pod's KV cache holds only a few of the
 * shared-prefix groups' system prompts (512 blocks of 16 tokens; a system prompt is 96 blocks), and
 * latencies are scaled (prefill 0.4 ms per uncached token, about 6x an H100's on an 8B model) so
 * that round-robin saturates at a rate one load generator reaches on a small machine.
 */
public record BenchPlan(List<WorkloadPlan> workloads, Duration routerWarmUp) {
    public static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    public static final List<String> ADAPTERS = List.of("sql-lora", "tweet-lora", "chat-lora", "code-lora", "math-lora",
            "news-lora", "legal-lora", "med-lora");

    /**
     * A workload, the pool it runs on ({@code pods} simulators with {@code sim}), its stage rates and
     * length, the routers it compares (in Router's order), and the profile the
     * {@code epp} router runs for it ({@code defaultProfile}; null: the chart's default as it is).
     */
    public record WorkloadPlan(Workload workload, int pods, SimOptions sim, List<Double> rates, Duration stageLength, List<Router> routers,
                               String defaultProfile) {
        public WorkloadPlan(Workload workload, int pods, SimOptions sim, List<Double> rates, Duration stageLength, List<Router> routers) {
            this(workload, pods, sim, rates, stageLength, routers, null);
        }

        /** The EndpointPickerConfig {@code router}'s EPP runs for this workload; null: the chart's default profile. */
        public String eppConfig(Router router) {
            return router == Router.EPP ? defaultProfile : router.eppConfig();
        }
    }

    /** The same plan with only the named workloads and routers (null: all of them), in the plan's order. */
    public BenchPlan only(List<String> workloadNames, List<String> routerLabels) {
        if (workloadNames != null) {
            for (String name : workloadNames) {
                if (workloads.stream().noneMatch(w -> w.workload().name().equals(name))) {
                    throw new IllegalArgumentException("unknown workload " + name + " for this run size: use one of "
                            + String.join(", ", workloads.stream().map(w -> w.workload().name()).toList()));
                }
            }
        }
        List<Router> chosen = routerLabels == null ? Router.all() : routerLabels.stream().map(Router::parse).toList();
        if (!chosen.contains(Router.ROUND_ROBIN) || !chosen.contains(Router.EPP)) {
            throw new IllegalArgumentException("--routers must include round-robin and epp: the headline compares them");
        }
        return new BenchPlan(workloads.stream()
                .filter(w -> workloadNames == null || workloadNames.contains(w.workload().name()))
                .map(w -> new WorkloadPlan(w.workload(), w.pods(), w.sim(), w.rates(), w.stageLength(),
                        w.routers().stream().filter(chosen::contains).toList(), w.defaultProfile()))
                .toList(), routerWarmUp);
    }

    public enum Size { FULL, QUICK, SMOKE }

    /** The two routers every workload compares: what a Service gives, and the EPP with the chart's default profile. */
    static final List<Router> HEADLINE_ROUTERS = List.of(Router.ROUND_ROBIN, Router.EPP);
    /** --quick: the headline pair and the EPP with precise prefix-cache scoring. */
    static final List<Router> QUICK_ROUTERS = List.of(Router.ROUND_ROBIN, Router.EPP, Router.EPP_PRECISE);
    /** shared-prefix-tenants: the published comparison's schedulers (load, approximate, precise) and round-robin for the headline. */
    static final List<Router> TENANT_ROUTERS = List.of(Router.ROUND_ROBIN, Router.EPP, Router.EPP_PRECISE, Router.EPP_LOAD_ONLY);

    static SimOptions simOptions() {
        SimOptions sim = new SimOptions();
        sim.model = MODEL;
        sim.maxNumSeqs = 8;
        sim.kvCacheSize = 512;
        sim.blockSize = 16;
        sim.prefillOverhead = Duration.ofMillis(20);
        sim.prefillTimePerToken = Duration.ofNanos(400_000);
        sim.prefillTimeStdDev = Duration.ofMillis(2);
        sim.interTokenLatency = Duration.ofMillis(10);
        sim.interTokenLatencyStdDev = Duration.ofMillis(1);
        sim.timeFactorUnderLoad = 2.5;
        sim.loraModules = new ArrayList<>(ADAPTERS);
        sim.maxLoras = 2;
        sim.loraLoadTime = Duration.ofMillis(50);
        return sim.validate();
    }

    static Workload sharedPrefix(long seed) {
        return new SharedPrefixWorkload("shared-prefix", 16, 16, 1536, 64, 32, MODEL, seed);
    }

    /*
     * shared-prefix-tenants: the published llm-d result of issue 14 (llm-d blog "KV-Cache Wins You Can See",
     * 2025-09; its inference-perf report llm-d-kv-cache-manager benchmarking/73-capacity): 8 vLLM pods of
     * Qwen3-32B on 2 H100s, each holding a 307,328-token KV cache; inference-perf shared_prefix with
     * num_groups 150, num_prompts_per_group 5, system_prompt_len 6,000, question_len 1,200, output_len 1,000.
     * Its resident set, every tenant's prefix plus every user's question, is 150 x (6,000 + 5 x 1,200) =
     * 1.8 M tokens: 73.2 % of the pool's 8 x 307,328 tokens.
     * Scaled by ONE factor, 1/8, on every token length and on the KV cache per pod: 750 / 150 / 125 tokens,
     * 38,416 tokens = 2,401 blocks of 16 per pod. Pods 4 instead of 8 (a 2-core machine runs the pool),
     * tenants halved alike (75 groups of 5 users), so the resident set stays 73.2 % of the pool's KV cache.
     * Time per token is the default pool's, which is the published model's own: prefill 0.4 ms per
     * uncached token (the blog: a ~10,000-token prompt prefills in 4.3 s on Qwen3-32B, 0.43 ms a token),
     * 10 ms per output token growing to 25 ms at a full batch (the report's ITL: 11 ms at 3 QPS, 21-29 ms
     * loaded). Block size 16 as in the default pool.
     * Two settings are vLLM's own rather than the default pool's, because in the published run prefill was
     * the bottleneck and KV pressure came from running requests too: max-num-seqs 32 (a pod ran ~28
     * requests at once there, 224 clients over 8 pods; 32 x 65 blocks nearly fill the scaled cache, as
     * vLLM's own limit is the cache), and max-num-batched-tokens 2,048 / 8 = 256 (vLLM's chunked-prefill
     * default, scaled), so prompts are computed one at a time and stall the batch's decoding as in vLLM.
     */
    static final int TENANT_SCALE = 8;
    static final int TENANT_PODS = 8 / 2;
    static final int TENANTS = 150 / 2;
    static final int USERS_PER_TENANT = 5;
    static final int TENANT_PREFIX_LEN = 6000 / TENANT_SCALE;
    static final int TENANT_QUESTION_LEN = 1200 / TENANT_SCALE;
    static final int TENANT_OUTPUT_LEN = 1000 / TENANT_SCALE;
    static final int TENANT_KV_TOKENS_PER_POD = 307_328 / TENANT_SCALE;
    /*
     * The approximate prefix-cache scorer's lengths are scaled by the same factor: it hashes at most
     * maxPrefixBlocksToMatch blocks of 64 characters (256: 16,384 characters, about 57 % of a published
     * 7,200-token prompt, so it could not tell a tenant's users apart by their questions) and remembers
     * lruCapacityPerServer blocks a pod (31,250: about 1.6x the published pod's 307,328-token cache).
     * Unscaled, here it would see every whole prompt and remember 13x a pod's cache.
     */
    static final int TENANT_MAX_PREFIX_BLOCKS_TO_MATCH = 256 / TENANT_SCALE;
    static final int TENANT_LRU_CAPACITY_PER_SERVER = 31_250 / TENANT_SCALE;
    /** The chart's default profile with the approximate scorer's lengths scaled as above. */
    static String tenantDefaultProfile() {
        String scorer = "- type: prefix-cache-scorer\n";
        String profile = DefaultPluginsConfig.text();
        if (!profile.contains(scorer)) {
            throw new IllegalStateException("the chart's default profile no longer lists '" + scorer.strip() + "' on a line of its own: "
                    + "give shared-prefix-tenants' approximate scorer its scaled parameters another way");
        }
        return profile.replace(scorer, scorer + "  parameters:\n    maxPrefixBlocksToMatch: " + TENANT_MAX_PREFIX_BLOCKS_TO_MATCH
                + "\n    lruCapacityPerServer: " + TENANT_LRU_CAPACITY_PER_SERVER + "\n");
    }
    static final int TENANT_MAX_NUM_SEQS = 32;
    static final int TENANT_MAX_NUM_BATCHED_TOKENS = 2048 / TENANT_SCALE;

    static Workload sharedPrefixTenants(long seed) {
        return new SharedPrefixWorkload("shared-prefix-tenants", TENANTS, USERS_PER_TENANT, TENANT_PREFIX_LEN, TENANT_QUESTION_LEN,
                TENANT_OUTPUT_LEN, MODEL, seed);
    }

    static SimOptions tenantSimOptions() {
        SimOptions sim = simOptions();
        sim.kvCacheSize = TENANT_KV_TOKENS_PER_POD / sim.blockSize;
        sim.maxNumSeqs = TENANT_MAX_NUM_SEQS;
        sim.maxNumBatchedTokens = TENANT_MAX_NUM_BATCHED_TOKENS;
        return sim.validate();
    }

    static Workload shareGptLike() {
        return new LengthMixWorkload("sharegpt-like", 256, 1536, 32, 128, MODEL, List.of());
    }

    static Workload loraMix() {
        return new LengthMixWorkload("lora-mix", 256, 1536, 32, 128, MODEL, ADAPTERS);
    }

    public static BenchPlan of(Size size, long seed) {
        return switch (size) {
            case FULL -> new BenchPlan(List.of(
                    new WorkloadPlan(sharedPrefix(seed), 4, simOptions(), rates(4, 8, 12, 16, 20, 26), Duration.ofSeconds(8), Router.all()),
                    // Round-robin's estimated saturation, fixed before the first run: a pod's prompts take
                    // 20 ms + 0.4 ms x uncached tokens one at a time (~236 ms at round-robin's ~35 % hit rate,
                    // ~110 ms at the EPP's ~75 %), busy a fraction u = rate x that of the time, and each of a
                    // request's 125 decode steps takes 25 ms + u x (25 + 102 ms chunk) of prompt work: 32
                    // sequences a pod complete ~2.5 req/s under round-robin (~10 req/s for 4 pods), ~3.5 under
                    // the EPP (~14); stages at 70, 100 and 130 % of round-robin's.
                    new WorkloadPlan(sharedPrefixTenants(seed), TENANT_PODS, tenantSimOptions(), rates(7, 10, 13), Duration.ofSeconds(15),
                            TENANT_ROUTERS, tenantDefaultProfile()),
                    // Without shared prefixes the question is whether the EPP costs anything against round-robin.
                    new WorkloadPlan(shareGptLike(), 4, simOptions(), rates(8, 14, 20, 28), Duration.ofSeconds(6), HEADLINE_ROUTERS),
                    new WorkloadPlan(loraMix(), 4, simOptions(), rates(6, 12, 18, 24), Duration.ofSeconds(6), HEADLINE_ROUTERS)),
                    Duration.ofSeconds(4));
            case QUICK -> new BenchPlan(List.of(
                    new WorkloadPlan(sharedPrefix(seed), 4, simOptions(), rates(4, 8, 12, 16, 20), Duration.ofSeconds(8), QUICK_ROUTERS)),
                    Duration.ofSeconds(4));
            case SMOKE -> new BenchPlan(List.of(
                    new WorkloadPlan(sharedPrefix(seed), 4, simOptions(), rates(4), Duration.ofMillis(1500), Router.all())),
                    Duration.ofSeconds(1));
        };
    }

    private static List<Double> rates(double... rates) {
        List<Double> list = new ArrayList<>();
        for (double r : rates) {
            list.add(r);
        }
        return list;
    }
}
