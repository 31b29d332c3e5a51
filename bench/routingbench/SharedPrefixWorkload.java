package bench.routingbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * inference-perf's shared-prefix workload: {@code numGroups} groups of {@code numPromptsPerGroup}
 * prompts; every prompt of a group starts with the group's system prompt ({@code systemPromptLen}
 * tokens) followed by its own question ({@code questionLen} tokens); each answer is
 * {@code outputLen} tokens. Each request picks one of the prompts uniformly at random.
 */
public final class SharedPrefixWorkload implements Workload {
    private final String name;
    private final int numGroups;
    private final int numPromptsPerGroup;
    private final int systemPromptLen;
    private final int questionLen;
    private final int outputLen;
    private final String model;
    private final List<String> prompts = new ArrayList<>();

    public SharedPrefixWorkload(String name, int numGroups, int numPromptsPerGroup, int systemPromptLen, int questionLen, int outputLen,
                                String model, long seed) {
        this.name = name;
        this.numGroups = numGroups;
        this.numPromptsPerGroup = numPromptsPerGroup;
        this.systemPromptLen = systemPromptLen;
        this.questionLen = questionLen;
        this.outputLen = outputLen;
        this.model = model;
        Random random = new Random(seed);
        for (int g = 0; g < numGroups; g++) {
            String systemPrompt = RandomText.words(random, systemPromptLen);
            for (int p = 0; p < numPromptsPerGroup; p++) {
                prompts.add(systemPrompt + RandomText.words(random, questionLen));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return String.format("inference-perf shared-prefix: num_groups=%d num_prompts_per_group=%d system_prompt_len=%d question_len=%d output_len=%d",
                numGroups, numPromptsPerGroup, systemPromptLen, questionLen, outputLen);
    }

    /** Every prompt a request can pick: group by group, each group's in order. */
    List<String> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public CompletionRequest next(Random random) {
        return new CompletionRequest(model, prompts.get(random.nextInt(prompts.size())), outputLen);
    }
}
