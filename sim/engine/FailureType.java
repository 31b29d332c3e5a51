package sim.engine;

import java.util.Arrays;
import java.util.List;

/** The errors {@code --failure-types} can inject, with the HTTP status and OpenAI error vLLM answers them with. */
public enum FailureType {
    RATE_LIMIT("rate_limit", 429, "RateLimitError", "Rate limit reached"),
    INVALID_API_KEY("invalid_api_key", 401, "AuthenticationError", "Incorrect API key provided"),
    CONTEXT_LENGTH("context_length", 400, "BadRequestError", "This model's maximum context length is exceeded"),
    SERVER_ERROR("server_error", 503, "ServiceUnavailableError", "The server is overloaded or not ready yet"),
    INVALID_REQUEST("invalid_request", 400, "BadRequestError", "Invalid request"),
    MODEL_NOT_FOUND("model_not_found", 404, "NotFoundError", "The model does not exist");

    public static final List<String> NAMES = Arrays.stream(values()).map(t -> t.flag).toList();

    public final String flag;
    public final int status;
    public final String errorType;
    public final String message;

    FailureType(String flag, int status, String errorType, String message) {
        this.flag = flag;
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    public static FailureType of(String flag) {
        for (FailureType t : values()) {
            if (t.flag.equals(flag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown failure type " + flag);
    }
}
