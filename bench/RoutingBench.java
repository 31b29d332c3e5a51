///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/HdrHistogram.java
//SOURCES ../dependencies/XChart.java
//SOURCES ../sandbox/SandboxMain.java
//SOURCES routingbench/*.java
//JAVA_OPTIONS -Xmx1g -Djava.awt.headless=true -Dslf4j.provider=org.slf4j.nop.NOPServiceProvider -Dslf4j.internal.verbosity=WARN

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import bench.routingbench.BenchPlan;
import bench.routingbench.RoutingBenchmark;

/** bench/routing: see bench.routingbench.RoutingBenchmark and bench/routing's header. */
@Command(name = "routing", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Routing quality: TTFT, E2E latency, output tokens/s, errors and prefix-cache hit rate per router and load stage.")
public class RoutingBench implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for results.md and the PNG plots.")
    Path out;
    @Option(names = "--quick", description = "Shared-prefix only: round-robin, the EPP and the EPP with precise prefix-cache scoring; fewer stages (about 4 minutes).")
    boolean quick;
    @Option(names = "--smoke", description = "One short light stage per router (a few requests each): checks the whole path, measures nothing.")
    boolean smoke;
    @Option(names = "--workloads", split = ",", paramLabel = "NAME",
            description = "Only these workloads: shared-prefix, shared-prefix-tenants, sharegpt-like, lora-mix (default: all of the run's size).")
    List<String> workloads;
    @Option(names = "--routers", split = ",", paramLabel = "NAME",
            description = "Only these routers (round-robin and epp are required): round-robin, random, epp, epp-precise, epp-load-only (default: all of the run's size).")
    List<String> routers;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of arrivals, prompts and the simulators (default ${DEFAULT-VALUE}).")
    long seed;

    public static void main(String... args) {
        System.exit(new CommandLine(new RoutingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (quick && smoke) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--quick and --smoke are two sizes of run: pass one");
        }
        BenchPlan.Size size = smoke ? BenchPlan.Size.SMOKE : quick ? BenchPlan.Size.QUICK : BenchPlan.Size.FULL;
        BenchPlan plan;
        try {
            plan = BenchPlan.of(size, seed).only(workloads, routers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        long started = System.nanoTime();
        var outcome = RoutingBenchmark.onSandbox(plan, seed, System.err).run(out);
        System.out.println(outcome.markdown());
        System.out.printf("wall time %.0f s; results in %s%n", (System.nanoTime() - started) / 1e9, out.resolve("results.md"));
        System.out.println(outcome.headline());
        return 0;
    }
}
