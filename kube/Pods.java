package kube;

import java.util.List;
import java.util.Map;

/** Reading pod objects (as maps). */
public final class Pods {
    private Pods() {}

    /** True when the pod's Ready condition is True. */
    public static boolean isReady(Map<String, Object> pod) {
        if (pod.get("status") instanceof Map<?, ?> status && status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> cond && "Ready".equals(cond.get("type"))) {
                    return "True".equals(cond.get("status"));
                }
            }
        }
        return false;
    }
}
