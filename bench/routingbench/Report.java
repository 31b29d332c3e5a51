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

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String table(WorkloadRun run) {
        StringBuilder out = new StringBuilder();
        out.append("| router | rate (req/s) | completed/s | TTFT p50 (ms) | TTFT p90 (ms) | E2E p90 (ms) | output tok/s | hit rate | of ideal | requests | errors |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Router, List<StageResult>> entry : run.results.entrySet()) {
            for (StageResult s : entry.getValue()) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s | %.0f | %s | %s | %d | %d |%n",
                        entry.getKey().label(), rate(s.offeredRate()), s.achievedRate(), millis(s.ttftMillis(50)),
                        millis(s.ttftMillis(90)), millis(s.e2eMillis(90)), s.outputTokensPerSecond(), percent(s.hitRate()),
                        percent(s.hitRateOfIdeal()), s.sent(), s.errors()));
            }
        }
        return out.toString();
    }

    /** The ideal hit rate per stage (empty without shared prefixes; the same for every router: same seeds, same requests) and what it means. */
    static String idealHitRates(WorkloadRun run) {
        List<StageResult> stages = run.results.get(Router.ROUND_ROBIN);
        if (stages.stream().noneMatch(s -> s.idealHitRate() > 0)) {
            return ""; // no shared prefixes: nothing to hit
        }
        StringBuilder out = new StringBuilder("ideal hit rate per stage (");
        for (int i = 0; i < stages.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(rate(stages.get(i).offeredRate())).append(" req/s: ")
                    .append(percent(stages.get(i).idealHitRate()));
        }
        return out.append("): the hit rate of one unbounded prefix cache shared by the whole pool, where every full KV block of a prompt")
                .append(" hits when an earlier request of the run (any earlier stage included) had the same prefix through that block,")
                .append(" the last prompt token always computed; no router can beat it, and the pool's finite KV cache keeps")
                .append(" every router below it. 'of ideal' = hit rate / the ideal hit rate in the router's pods' own tokens")
                .append(" (epp-precise's pods, tokenizing with the tiny tokenizer, count its BOS first: one token more per prompt).\n").toString();
    }

    /** EPP over round-robin per stage: below 1 is better for latency, above 1 for throughput; with epp-precise, it over the EPP too. */
    static String comparison(WorkloadRun run) {
        List<StageResult> epp = run.results.get(Router.EPP);
        List<StageResult> roundRobin = run.results.get(Router.ROUND_ROBIN);
        List<StageResult> precise = run.results.get(Router.EPP_PRECISE);
        StringBuilder out = new StringBuilder("| rate (req/s) | EPP / round-robin: TTFT p90 | E2E p90 | output tok/s |")
                .append(precise == null ? "\n|---:|---:|---:|---:|\n" : " EPP precise / EPP: TTFT p90 | hit rate |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < epp.size(); i++) {
            StageResult e = epp.get(i);
            StageResult r = roundRobin.get(i);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", rate(e.offeredRate()), e.ttftMillis(90) / r.ttftMillis(90),
                    e.e2eMillis(90) / r.e2eMillis(90), e.outputTokensPerSecond() / r.outputTokensPerSecond()));
            if (precise != null) {
                StageResult p = precise.get(i);
                out.append(" ").append(ratio(p.ttftMillis(90) / e.ttftMillis(90))).append(" | ").append(ratio(p.hitRate() / e.hitRate())).append(" |");
            }
            out.append('\n');
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

    /**
     * The precise prefix-cache line against the chart's default (approximate) profile at the headline
     * stage, with its hit rate against the ideal; null when the run has no epp-precise results.
     */
    static String preciseHeadline(WorkloadRun run, Saturation saturation) {
        List<StageResult> precise = run.results.get(Router.EPP_PRECISE);
        if (precise == null) {
            return null;
        }
        StageResult p = precise.get(saturation.headlineStage());
        double approximate = run.results.get(Router.EPP).get(saturation.headlineStage()).ttftMillis(90);
        return String.format(Locale.ROOT, "p90 TTFT at 70%% of saturation: EPP precise %.0f ms, EPP %.0f ms (ratio %.3f); precise hit rate %s = %s of the ideal %s",
                p.ttftMillis(90), approximate, p.ttftMillis(90) / approximate, percent(p.hitRate()), percent(p.hitRateOfIdeal()),
                percent(p.idealHitRate()));
    }
}
