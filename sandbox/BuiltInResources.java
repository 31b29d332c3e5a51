package sandbox;

import java.util.List;
import java.util.Set;

/** The built-in kinds the local API serves, as a real apiserver names them. */
final class BuiltInResources {
    private BuiltInResources() {}

    /** What {@code kubectl get all} lists, as in kube-apiserver. */
    private static final Set<String> CATEGORY_ALL = Set.of("Pod", "Service", "Deployment", "StatefulSet", "DaemonSet",
            "ReplicaSet", "Job", "CronJob", "HorizontalPodAutoscaler");

    static final List<ResourceType> ALL = List.of(
            core("Pod", "pods", true, true, "po"),
            core("Service", "services", true, true, "svc"),
            core("ConfigMap", "configmaps", true, false, "cm"),
            core("Secret", "secrets", true, false),
            core("Namespace", "namespaces", false, true, "ns"),
            core("ServiceAccount", "serviceaccounts", true, false, "sa"),
            core("Endpoints", "endpoints", true, false, "ep"),
            core("Event", "events", true, false, "ev"),
            core("PersistentVolumeClaim", "persistentvolumeclaims", true, true, "pvc"),
            core("PersistentVolume", "persistentvolumes", false, true, "pv"),
            core("Node", "nodes", false, true, "no"),
            core("ResourceQuota", "resourcequotas", true, true, "quota"),
            core("LimitRange", "limitranges", true, false, "limits"),
            of("apps", "v1", "Deployment", "deployments", true, true, "deploy"),
            of("apps", "v1", "StatefulSet", "statefulsets", true, true, "sts"),
            of("apps", "v1", "DaemonSet", "daemonsets", true, true, "ds"),
            of("apps", "v1", "ReplicaSet", "replicasets", true, true, "rs"),
            of("batch", "v1", "Job", "jobs", true, true),
            of("batch", "v1", "CronJob", "cronjobs", true, true, "cj"),
            of("rbac.authorization.k8s.io", "v1", "Role", "roles", true, false),
            of("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, false),
            of("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, false),
            of("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, false),
            of("coordination.k8s.io", "v1", "Lease", "leases", true, false),
            of("networking.k8s.io", "v1", "Ingress", "ingresses", true, true, "ing"),
            of("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, false, "netpol"),
            of("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, true, "pdb"),
            of("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, true, "hpa"),
            of("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, false),
            of("events.k8s.io", "v1", "Event", "events", true, false, "ev"),
            of("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, true,
                    "crd", "crds"));

    private static ResourceType core(String kind, String plural, boolean namespaced, boolean status,
                                     String... shortNames) {
        return of("", "v1", kind, plural, namespaced, status, shortNames);
    }

    private static ResourceType of(String group, String version, String kind, String plural, boolean namespaced,
                                   boolean status, String... shortNames) {
        boolean inAll = CATEGORY_ALL.contains(kind);
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
                status, List.of(shortNames), inAll ? List.of("all") : List.of());
    }
}
