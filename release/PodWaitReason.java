package release;

import java.util.List;
import java.util.Map;
import kube.Cluster;
import kube.Pods;

/**
 * Why a workload's pods are not ready, read from the pods its selector matches, in the words a
 * person acts on: an image that cannot be pulled, a crashing container, a failing readiness probe,
 * pods that cannot be scheduled.
 */
final class PodWaitReason {
    private PodWaitReason() {}

    /** The reason of the first pod that is not ready, or null when no pod says why (or none exists yet). */
    @SuppressWarnings("unchecked")
    static String of(Cluster cluster, String namespace, Map<String, Object> workloadSpec) {
        if (!(workloadSpec.get("selector") instanceof Map<?, ?> selector)
                || !(selector.get("matchLabels") instanceof Map<?, ?> matchLabels) || matchLabels.isEmpty()) {
            return null;
        }
        var pods = cluster.list("v1", "Pod", namespace, (Map<String, String>) matchLabels);
        long notReady = pods.stream().filter(p -> !Pods.isReady(p)).count();
        for (var pod : pods) {
            if (Pods.isReady(pod)) {
                continue;
            }
            String reason = reason(pod);
            if (reason != null) {
                return notReady > 1 ? reason + " (" + notReady + " pods not ready)" : reason;
            }
        }
        return null;
    }

    private static String reason(Map<String, Object> pod) {
        if (!(pod.get("status") instanceof Map<?, ?> status)) {
            return null;
        }
        if (status.get("containerStatuses") instanceof List<?> containers) {
            for (Object c : containers) {
                if (!(c instanceof Map<?, ?> container) || Boolean.TRUE.equals(container.get("ready"))) {
                    continue;
                }
                var state = container.get("state") instanceof Map<?, ?> m ? m : Map.of();
                if (state.get("waiting") instanceof Map<?, ?> waiting && waiting.get("reason") instanceof String why) {
                    return switch (why) {
                        case "ErrImagePull", "ImagePullBackOff", "InvalidImageName" -> "image pull: " + why + " (" + container.get("image") + ")";
                        case "CrashLoopBackOff" -> "container " + container.get("name") + " crashing: " + why;
                        default -> "container " + container.get("name") + ": " + why;
                    };
                }
                if (state.get("running") != null) {
                    return "readiness probe failing (container " + container.get("name") + " running, not ready)";
                }
            }
        }
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> cond && "PodScheduled".equals(cond.get("type")) && "False".equals(cond.get("status"))) {
                    return "pod pending: " + cond.get("reason") + (cond.get("message") == null ? "" : " (" + cond.get("message") + ")");
                }
            }
        }
        return "Pending".equals(status.get("phase")) ? "pod pending" : null;
    }
}
