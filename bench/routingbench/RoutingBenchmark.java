package bench.routingbench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a plan: for every workload, every router on a freshly started pool (clean KV caches), its
 * stages from light to past saturation, one after the other (each stage waits for its last answer,
 * so no queue carries over). Writes {@code results.md} and the PNG plots into the output folder and
 * returns the headline.
 */
public final class RoutingBenchmark {
    private static final Workload WARM_UP = new LengthMixWorkload("warm-up", 16, 32, 2, 4, BenchPlan.MODEL, List.of());

    private final BenchPlan plan;
    private final BenchPool.Starter starter;
    private final long seed;
    private final PrintStream progress;

    public RoutingBenchmark(BenchPlan plan, BenchPool.Starter starter, long seed, PrintStream progress) {
        this.plan = plan;
        this.starter = starter;
        this.seed = seed;
        this.progress = progress;
    }

    /** The benchmark on pools that `pool sandbox`'s API starts. */
    public static RoutingBenchmark onSandbox(BenchPlan plan, long seed, PrintStream progress) {
        return new RoutingBenchmark(plan, SandboxPool::start, seed, progress);
    }

    public record Outcome(List<WorkloadRun> runs, String markdown, List<Path> plots, String headline) {
    }

    public Outcome run(Path folder) throws Exception {
        Files.createDirectories(folder);
        List<WorkloadRun> runs = new ArrayList<>();
        try (OpenLoopLoad load = new OpenLoopLoad(Duration.ofSeconds(120))) {
            for (BenchPlan.WorkloadPlan workloadPlan : plan.workloads()) {
                WorkloadRun run = new WorkloadRun(workloadPlan);
                for (Router router : workloadPlan.routers()) {
                    run.results.put(router, measure(load, workloadPlan, router));
                }
                runs.add(run);
            }
        }
        List<Path> plots = new ArrayList<>();
        StringBuilder markdown = new StringBuilder("# Routing benchmark results\n\n");
        String headline = null;
        for (WorkloadRun run : runs) {
            Saturation saturation = Saturation.of(run.results.get(Router.ROUND_ROBIN));
            markdown.append("## ").append(run.workload().name()).append("\n\n").append(run.workload().description())
                    .append(String.format(Locale.ROOT, "; Poisson arrivals, stages of %.1f s.%n%n", run.plan.stageLength().toMillis() / 1000.0))
                    .append(pool(run.plan)).append("\n\n");
            markdown.append(Report.table(run)).append('\n');
            String ideal = Report.idealHitRates(run);
            if (!ideal.isEmpty()) {
                markdown.append(ideal).append('\n');
            }
            markdown.append(Report.comparison(run)).append('\n');
            markdown.append(saturation.explanation()).append(".\n\n");
            for (Path plot : Plots.write(run, folder)) {
                plots.add(plot);
                markdown.append("![").append(plot.getFileName()).append("](").append(plot.getFileName()).append(")\n");
            }
            String line = Report.headline(run, saturation);
            markdown.append('\n').append(run.workload().name()).append(": ").append(line).append("\n\n");
            String precise = Report.preciseHeadline(run, saturation);
            if (precise != null) {
                markdown.append(run.workload().name()).append(": ").append(precise).append("\n\n");
            }
            if (headline == null) {
                headline = line;
            }
        }
        Files.writeString(folder.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        return new Outcome(runs, markdown.toString(), plots, headline);
    }

    private String pool(BenchPlan.WorkloadPlan workloadPlan) {
        var sim = workloadPlan.sim();
        String prefill = sim.maxNumBatchedTokens > 0
                ? String.format(Locale.ROOT, ", prompts computed one at a time, stalling the batch's decoding by up to %d tokens' worth a step (max-num-batched-tokens)",
                        sim.maxNumBatchedTokens)
                : "";
        return String.format(Locale.ROOT, "%d simulated vLLM pods (max-num-seqs %d, kv-cache-size %d blocks of %d tokens, prefill %d ms + %d us per uncached token, inter-token %d ms, x%.1f at a full batch%s, %d LoRA adapters with max-loras %d), seed %d.",
                workloadPlan.pods(), sim.maxNumSeqs, sim.kvCacheSize, sim.blockSize, sim.prefillOverhead.toMillis(),
                sim.prefillTimePerToken.toNanos() / 1000, sim.interTokenLatency.toMillis(), sim.timeFactorUnderLoad, prefill,
                sim.loraModules.size(), sim.maxLoras, seed);
    }

    private List<StageResult> measure(OpenLoopLoad load, BenchPlan.WorkloadPlan workloadPlan, Router router) throws Exception {
        List<StageResult> stages = new ArrayList<>();
        try (BenchPool pool = starter.start(new PoolSetup(workloadPlan.pods(), workloadPlan.sim(), router, workloadPlan.eppConfig(router), seed));
             ClosedOnExit closedOnExit = new ClosedOnExit(pool)) {
            // Every router's pool gets the same warm-up, unmeasured: connections, gRPC streams and the EPP
            // process's JIT, on short unrelated prompts (their few blocks stay evictable).
            load.run(pool.gatewayUrl(), WARM_UP, 10, plan.routerWarmUp(), seed - 1);
            IdealPrefixCache ideal = new IdealPrefixCache(workloadPlan.sim().blockSize, router.precisePrefixCache() ? 1 : 0);
            int index = 0;
            for (double rate : workloadPlan.rates()) {
                long stageSeed = seed + 1000L * index++;
                PrefixCacheCounters before = PrefixCacheCounters.read(load, pool.podUrls());
                StageResult stage = load.run(pool.gatewayUrl(), workloadPlan.workload(), rate, workloadPlan.stageLength(), stageSeed);
                PrefixCacheCounters delta = PrefixCacheCounters.read(load, pool.podUrls()).minus(before);
                stage.cacheHits = delta.hits();
                stage.cacheQueries = delta.queries();
                List<String> prompts = OpenLoopLoad.requests(workloadPlan.workload(), rate, workloadPlan.stageLength(), stageSeed)
                        .stream().map(CompletionRequest::prompt).toList();
                stage.idealHits = ideal.serve(prompts);
                stage.idealQueries = ideal.tokens(prompts);
                stages.add(stage);
                progress.printf(Locale.ROOT, "%s %s %s req/s: %d sent, %d errors%s, TTFT p50 %.0f ms p90 %.0f ms, %.1f completed/s, %.0f tok/s, hit rate %.3f (ideal %.3f)%n",
                        workloadPlan.workload().name(), router.label(), Report.rate(rate), stage.sent(), stage.errors(),
                        stage.firstError() == null ? "" : " (" + stage.firstError() + ")", stage.ttftMillis(50), stage.ttftMillis(90),
                        stage.achievedRate(), stage.outputTokensPerSecond(), stage.hitRate(), stage.idealHitRate());
            }
        }
        return stages;
    }

    /** Closes the pool also when the benchmark is stopped (Ctrl-C, SIGTERM): its EPP process must not outlive it. */
    private static final class ClosedOnExit implements AutoCloseable {
        private final Thread hook;

        ClosedOnExit(BenchPool pool) {
            hook = new Thread(pool::close, "close-bench-pool");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran
            }
        }
    }
}
