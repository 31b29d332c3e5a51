package epp.datastore;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;

/** Which pods the pool routes to (epp.md §3.3). */
final class PodReadiness {
    private PodReadiness() {}

    /**
     * Ready = not being deleted, condition Ready=True, and an IP to send traffic to (a ready pod
     * always has one; the check only keeps a malformed object from becoming an endpoint).
     */
    static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return false;
        }
        String ip = pod.getStatus().getPodIP();
        if (ip == null || ip.isEmpty() || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /** Equality on every matchLabels entry, as Kubernetes' SelectorFromSet. */
    static boolean matches(Map<String, String> matchLabels, Map<String, String> podLabels) {
        if (podLabels == null) {
            return matchLabels.isEmpty();
        }
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(podLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
