package bench.routingbench;

import java.util.List;

/**
 * Saturation, operationally: the lowest stage at which round-robin stops keeping up, i.e. fewer
 * requests complete in the stage's steady window than arrive in it (completions / arrivals below
 * {@link #KEPT_UP}): past it the queues grow for as long as the load lasts. The headline stage is
 * the lowest stage at or above 70 % of that rate (and below it); with no such stage, the highest
 * stage below saturation.
 */
record Saturation(double rate, int headlineStage, String explanation) {
    static final double KEPT_UP = 0.9;
    static final double HEADLINE_FRACTION = 0.7;

    static Saturation of(List<StageResult> roundRobin) {
        int saturated = -1;
        for (int i = 0; i < roundRobin.size(); i++) {
            if (roundRobin.get(i).keptUp() < KEPT_UP) {
                saturated = i;
                break;
            }
        }
        String rule = String.format("saturation = the lowest stage rate at which round-robin's completion rate in the stage's steady window is below %.0f %% of the arrival rate it answers (arrivals one median latency earlier), so that its queues grow without bound",
                KEPT_UP * 100);
        if (saturated < 0) {
            int last = roundRobin.size() - 1;
            return new Saturation(Double.NaN, last, rule + "; round-robin kept up at every stage, so the headline uses the highest stage ("
                    + Report.rate(roundRobin.get(last).offeredRate()) + " req/s)");
        }
        double rate = roundRobin.get(saturated).offeredRate();
        int headline = -1;
        for (int i = 0; i < saturated; i++) {
            if (roundRobin.get(i).offeredRate() >= HEADLINE_FRACTION * rate) {
                headline = i;
                break;
            }
        }
        if (saturated == 0) {
            return new Saturation(rate, 0, String.format("%s: %s req/s, the lowest stage (round-robin completed at %.0f %% of the arrival rate), so no stage is below saturation: the headline uses that stage",
                    rule, Report.rate(rate), roundRobin.get(0).keptUp() * 100));
        }
        if (headline < 0) {
            headline = saturated - 1;
        }
        double fraction = roundRobin.get(headline).offeredRate() / rate;
        return new Saturation(rate, headline, String.format("%s: %s req/s (round-robin completed at %.0f %% of the arrival rate); headline stage %s req/s = %.0f %% of saturation",
                rule, Report.rate(rate), roundRobin.get(saturated).keptUp() * 100, Report.rate(roundRobin.get(headline).offeredRate()), fraction * 100));
    }
}
