package epp.handlers;

/** Where the ext_proc handler reports the `inference_objective_*` metrics of epp.md §7.1. */
public interface RequestMetrics {
    /** `request_total` +1 and `request_sizes` observes {@code bytes}: a request with a body was routed. */
    default void requestRouted(String model, String targetModel, long bytes) {}

    /** `running_requests{model_name}` changes by {@code delta}. */
    default void runningRequests(String model, int delta) {}

    /** `request_error_total` +1 at stream end. */
    default void requestError(String model, String targetModel, String errorCode) {}

    /** `request_duration_seconds` and `response_sizes` when the response ended. */
    default void responseCompleted(String model, String targetModel, double seconds, long responseBytes) {}

    /** `input_tokens` / `output_tokens`, each only when &gt; 0. */
    default void tokens(String model, String targetModel, int inputTokens, int outputTokens) {}

    RequestMetrics NONE = new RequestMetrics() {};
}
