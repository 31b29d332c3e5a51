package bench.routingbench;

/** One streamed completion the load generator sends: the model (base or adapter), the prompt, the output length. */
public record CompletionRequest(String model, String prompt, int maxTokens) {
}
