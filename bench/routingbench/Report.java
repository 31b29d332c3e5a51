package bench.routingbench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown results: per workload, one row per router × stage; the saturation rule and the headline. */
final class Report {
    private Report() {
    }

    static String rate(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format(Locale.ROOT, "%.1f", rate);
    }

    private static String millis(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f %%", value * 100);
    }

    static String table(WorkloadRun run) {
        StringBuilder out = new StringBuilder();
        out.append("| router | rate (req/s) | completed/s | TTFT p50 (ms) | TTFT p90 (ms) | E2E p90 (ms) | output tok/s | hit rate | requests | errors |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Router, List<StageResult>> entry : run.results.entrySet()) {
            for (StageResult s : entry.getValue()) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s | %.0f | %s | %d | %d |%n",
                        entry.getKey().label(), rate(s.offeredRate()), s.achievedRate(), millis(s.ttftMillis(50)),
                        millis(s.ttftMillis(90)), millis(s.e2eMillis(90)), s.outputTokensPerSecond(), percent(s.hitRate()),
                        s.sent(), s.errors()));
            }
        }
        return out.toString();
    }

    /** EPP over round-robin per stage: below 1 is better for latency, above 1 for throughput. */
    static String comparison(WorkloadRun run) {
        List<StageResult> epp = run.results.get(Router.EPP);
        List<StageResult> roundRobin = run.results.get(Router.ROUND_ROBIN);
        StringBuilder out = new StringBuilder("| rate (req/s) | EPP / round-robin: TTFT p90 | E2E p90 | output tok/s |\n|---:|---:|---:|---:|\n");
        for (int i = 0; i < epp.size(); i++) {
            StageResult e = epp.get(i);
            StageResult r = roundRobin.get(i);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", rate(e.offeredRate()), e.ttftMillis(90) / r.ttftMillis(90),
                    e.e2eMillis(90) / r.e2eMillis(90), e.outputTokensPerSecond() / r.outputTokensPerSecond()));
        }
        return out.toString();
    }

    /** The headline of a workload's run, in the exact words. */
    static String headline(WorkloadRun run, Saturation saturation) {
        double epp = run.results.get(Router.EPP).get(saturation.headlineStage()).ttftMillis(90);
        double roundRobin = run.results.get(Router.ROUND_ROBIN).get(saturation.headlineStage()).ttftMillis(90);
        return String.format(Locale.ROOT, "p90 TTFT at 70%% of saturation: EPP %.0f ms, round-robin %.0f ms (ratio %.3f)",
                epp, roundRobin, epp / roundRobin);
    }
}
