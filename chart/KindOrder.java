package chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Helm's kind order for install and uninstall (release.md 4.6, 4.7): a stable sort by the position
 * of the kind in Helm's list; kinds not in the list come after all listed kinds, alphabetically by
 * kind, in both directions.
 */
public final class KindOrder {
    private static final List<String> INSTALL = List.of(
            "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
            "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
            "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
            "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
            "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
            "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
            "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    private static final List<String> UNINSTALL = reversed(INSTALL);

    private KindOrder() {}

    public static List<RenderedObject> installOrder(List<RenderedObject> objects) {
        return sorted(objects, INSTALL);
    }

    public static List<RenderedObject> uninstallOrder(List<RenderedObject> objects) {
        return sorted(objects, UNINSTALL);
    }

    private static List<RenderedObject> sorted(List<RenderedObject> objects, List<String> order) {
        Comparator<RenderedObject> byListedPosition = Comparator.comparingInt(o -> position(order, o.kind()));
        Comparator<RenderedObject> unknownAlphabetically = (a, b) -> {
            boolean aKnown = order.contains(a.kind());
            boolean bKnown = order.contains(b.kind());
            return aKnown || bKnown ? 0 : a.kind().compareTo(b.kind());
        };
        List<RenderedObject> result = new ArrayList<>(objects);
        result.sort(byListedPosition.thenComparing(unknownAlphabetically)); // List.sort is stable
        return List.copyOf(result);
    }

    private static int position(List<String> order, String kind) {
        int i = order.indexOf(kind);
        return i < 0 ? order.size() : i;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return List.copyOf(copy);
    }
}
