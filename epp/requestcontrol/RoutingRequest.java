package epp.requestcontrol;

import epp.scheduling.RequestBody;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed request with a body, as the ext_proc handler hands it to the {@link Director}.
 *
 * @param headers      request headers (lower-case names) without the three special EPP headers
 * @param objectiveKey value of `x-gateway-inference-objective`, or "" when absent
 * @param subsetIps    the IPs of the `envoy.lb.subset_hint` metadata, or empty when the proxy sent no hint
 */
public record RoutingRequest(String requestId, String incomingModel, String targetModel, RequestBody body,
                             Map<String, String> headers, String objectiveKey, Optional<Set<String>> subsetIps) {}
