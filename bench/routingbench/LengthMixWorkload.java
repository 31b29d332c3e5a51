package bench.routingbench;

import java.util.List;
import java.util.Random;

/**
 * A ShareGPT-like mix of lengths without shared prefixes: prompt and output lengths log-normal
 * (long-tailed, as ShareGPT conversations are), every prompt fresh random text. With adapters, each
 * request names one of them, the first ones more often (weight 1/(i+1)): a LoRA mix.
 */
public final class LengthMixWorkload implements Workload {
    private final String name;
    private final int promptMedian;
    private final int outputMedian;
    private final int maxPrompt;
    private final int maxOutput;
    private final String model;
    private final List<String> adapters;
    private final double[] cumulative;

    public LengthMixWorkload(String name, int promptMedian, int maxPrompt, int outputMedian, int maxOutput, String model,
                             List<String> adapters) {
        this.name = name;
        this.promptMedian = promptMedian;
        this.maxPrompt = maxPrompt;
        this.outputMedian = outputMedian;
        this.maxOutput = maxOutput;
        this.model = model;
        this.adapters = List.copyOf(adapters);
        cumulative = new double[adapters.size()];
        double total = 0;
        for (int i = 0; i < adapters.size(); i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String lengths = String.format("log-normal prompt (median %d, max %d tokens) and output (median %d, max %d tokens), no shared prefixes",
                promptMedian, maxPrompt, outputMedian, maxOutput);
        return adapters.isEmpty() ? "ShareGPT-like: " + lengths
                : "LoRA mix over " + adapters.size() + " adapters (weights 1/(i+1)): " + lengths;
    }

    @Override
    public CompletionRequest next(Random random) {
        int promptLen = RandomText.logNormal(random, promptMedian, 0.8, 8, maxPrompt);
        int outputLen = RandomText.logNormal(random, outputMedian, 0.6, 2, maxOutput);
        String chosen = model;
        if (!adapters.isEmpty()) {
            double u = random.nextDouble();
            int i = 0;
            while (i < cumulative.length - 1 && u > cumulative[i]) {
                i++;
            }
            chosen = adapters.get(i);
        }
        return new CompletionRequest(chosen, RandomText.words(random, promptLen), outputLen);
    }
}
