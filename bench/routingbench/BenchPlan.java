package bench.routingbench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import sim.engine.SimOptions;

/**
 * What a run measures: the simulated pool, the workloads with their stage rates, the routers, the
 * stage length. The pool is sized so that one pod's KV cache holds only a few of the shared-prefix
 * groups' system prompts (512 blocks of 16 tokens; a system prompt is 96 blocks), and latencies are
 * scaled (prefill 0.4 ms per uncached token, about 6x an H100's on an 8B model) so that
 * round-robin saturates at a rate one load generator reaches on a small machine.
 */
public record BenchPlan(int pods, SimOptions sim, List<WorkloadPlan> workloads, List<Router> routers, Duration routerWarmUp) {
    public static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    public static final List<String> ADAPTERS = List.of("sql-lora", "tweet-lora", "chat-lora", "code-lora", "math-lora",
            "news-lora", "legal-lora", "med-lora");

    /** A workload, its stage rates and length, and the routers it compares (a subset of the plan's, in its order). */
    public record WorkloadPlan(Workload workload, List<Double> rates, Duration stageLength, List<Router> routers) {
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
        List<Router> chosen = routerLabels == null ? routers : routerLabels.stream().map(Router::parse).toList();
        if (!chosen.contains(Router.ROUND_ROBIN) || !chosen.contains(Router.EPP)) {
            throw new IllegalArgumentException("--routers must include round-robin and epp: the headline compares them");
        }
        return new BenchPlan(pods, sim, workloads.stream()
                .filter(w -> workloadNames == null || workloadNames.contains(w.workload().name()))
                .map(w -> new WorkloadPlan(w.workload(), w.rates(), w.stageLength(),
                        w.routers().stream().filter(chosen::contains).toList()))
                .toList(),
                Router.all().stream().filter(chosen::contains).toList(), routerWarmUp);
    }

    public enum Size { FULL, QUICK, SMOKE }

    /** The two routers every workload compares: what a Service gives, and the EPP with the chart's default profile. */
    static final List<Router> HEADLINE_ROUTERS = List.of(Router.ROUND_ROBIN, Router.EPP);
    /** --quick: the headline pair and the EPP with precise prefix-cache scoring. */
    static final List<Router> QUICK_ROUTERS = List.of(Router.ROUND_ROBIN, Router.EPP, Router.EPP_PRECISE);

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
        return new SharedPrefixWorkload(16, 16, 1536, 64, 32, MODEL, seed);
    }

    static Workload shareGptLike() {
        return new LengthMixWorkload("sharegpt-like", 256, 1536, 32, 128, MODEL, List.of());
    }

    static Workload loraMix() {
        return new LengthMixWorkload("lora-mix", 256, 1536, 32, 128, MODEL, ADAPTERS);
    }

    public static BenchPlan of(Size size, long seed) {
        return switch (size) {
            case FULL -> new BenchPlan(4, simOptions(), List.of(
                    new WorkloadPlan(sharedPrefix(seed), rates(4, 8, 12, 16, 20, 26), Duration.ofSeconds(8), Router.all()),
                    // Without shared prefixes the question is whether the EPP costs anything against round-robin.
                    new WorkloadPlan(shareGptLike(), rates(8, 14, 20, 28), Duration.ofSeconds(6), HEADLINE_ROUTERS),
                    new WorkloadPlan(loraMix(), rates(6, 12, 18, 24), Duration.ofSeconds(6), HEADLINE_ROUTERS)),
                    Router.all(), Duration.ofSeconds(4));
            case QUICK -> new BenchPlan(4, simOptions(), List.of(
                    new WorkloadPlan(sharedPrefix(seed), rates(4, 8, 12, 16, 20), Duration.ofSeconds(8), QUICK_ROUTERS)),
                    QUICK_ROUTERS, Duration.ofSeconds(4));
            case SMOKE -> new BenchPlan(4, simOptions(), List.of(
                    new WorkloadPlan(sharedPrefix(seed), rates(4), Duration.ofMillis(1500), Router.all())),
                    Router.all(), Duration.ofSeconds(1));
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
