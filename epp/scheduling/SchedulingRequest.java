package epp.scheduling;

import java.util.Map;

/**
 * One request to schedule (epp.md §2.5 step 5).
 *
 * @param requestId  the `x-request-id` header value
 * @param targetModel the model after any rewrite
 * @param headers    request headers (lower-case names) without the EPP's special headers
 */
public record SchedulingRequest(String requestId, String targetModel, RequestBody body, Map<String, String> headers) {
    public SchedulingRequest {
        headers = Map.copyOf(headers);
    }
}
