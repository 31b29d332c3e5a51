package sim.engine;

/**
 * One request as the engine sees it.
 *
 * @param lora the LoRA adapter it runs with, or null for the base model
 * @param promptText what echo mode answers with
 * @param maxTokens the request's max_tokens, or null when unset
 * @param ignoreEos true: always produce maxTokens tokens
 * @param cacheSalt the request's {@code cache_salt} (vLLM keys the first block with it), or null
 */
public record InferenceRequest(String lora, String promptText, int[] promptTokens, Integer maxTokens, boolean ignoreEos,
                               String cacheSalt) {
    public InferenceRequest(String lora, String promptText, int[] promptTokens, Integer maxTokens, boolean ignoreEos) {
        this(lora, promptText, promptTokens, maxTokens, ignoreEos, null);
    }
}
