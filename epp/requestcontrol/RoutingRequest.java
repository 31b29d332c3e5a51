package epp.requestcontrol;

import epp.scheduling.RequestBody;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed request with a body, as the ext_proc handler hands it to the {@link Director}.
 *
 * @param headers      request headers (lower-case names) without the three special EPP headers
 * @param objectiveKey value of `x-gateway-inference-objective`, or "" when absent
 * @param subsetHint   the `envoy.lb.subset_hint` metadata, or empty when the proxy sent none
 */
public record RoutingRequest(String requestId, String incomingModel, String targetModel, RequestBody body,
                             Map<String, String> headers, String objectiveKey, Optional<SubsetHint> subsetHint) {}
