package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.roleRef;
import static chart.K8s.subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** provider gke: health check and backend policies, and Google Managed Prometheus scraping with its RBAC. */
final class GkeTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/gke.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!c.provider().equals("gke")) {
            return List.of();
        }
        List<Map<String, Object>> objects = new ArrayList<>(List.of(healthCheckPolicy(c), backendPolicy(c)));
        boolean deprecatedSwitch = c.values().truthy("inferenceExtension.monitoring.gke.enabled");
        if (deprecatedSwitch || (c.prometheusEnabled() && c.prometheusAuthEnabled())) {
            objects.addAll(monitoring(c));
        }
        return objects;
    }

    private static Map<String, Object> targetRef(RenderContext c) {
        return map("group", c.poolGroup(), "kind", "InferencePool", "name", c.releaseName());
    }

    private static Map<String, Object> healthCheckPolicy(RenderContext c) {
        return object("networking.gke.io/v1", "HealthCheckPolicy", metadata(c.releaseName(), c.namespace(), c.commonLabels()),
                "spec", map(
                        "targetRef", targetRef(c),
                        "default", map(
                                "timeoutSec", 2L,
                                "checkIntervalSec", 2L,
                                "config", map("type", "HTTP", "httpHealthCheck", map(
                                        "requestPath", "/health",
                                        "port", c.values().integer("inferencePool.targetPortNumber", 8000))))));
    }

    private static Map<String, Object> backendPolicy(RenderContext c) {
        return object("networking.gke.io/v1", "GCPBackendPolicy", metadata(c.releaseName(), c.namespace(), c.commonLabels()),
                "spec", map(
                        "targetRef", targetRef(c),
                        "default", map("timeoutSec", 300L, "logging", map("enabled", true))));
    }

    private static List<Map<String, Object>> monitoring(RenderContext c) {
        String r = c.releaseName();
        String ns = c.namespace();
        String serviceAccount = r + "-metrics-reader-sa";
        String secret = r + "-metrics-reader-secret";
        String clusterRole = ns + "-" + r + "-metrics-reader";
        String secretReadRole = r + "-metrics-reader-secret-read";
        String gmpNamespace = c.values().truthy("provider.gke.autopilot") ? "gke-gmp-system" : "gmp-system";

        Map<String, Object> secretMetadata = metadata(secret, ns, c.commonLabels());
        secretMetadata.put("annotations", map("kubernetes.io/service-account.name", serviceAccount));
        return List.of(
                object("v1", "ServiceAccount", metadata(serviceAccount, ns, null)), // no labels, as the reference
                object("v1", "Secret", secretMetadata, "type", "kubernetes.io/service-account-token"),
                object("monitoring.googleapis.com/v1", "PodMonitoring", metadata(r, ns, c.commonLabels()),
                        "spec", map(
                                "endpoints", list(map(
                                        "port", "metrics",
                                        "scheme", "http",
                                        "interval", c.values().text("inferenceExtension.monitoring.interval"),
                                        "path", "/metrics",
                                        "authorization", map(
                                                "type", "Bearer",
                                                "credentials", map("secret", map("name", secret, "key", "token"))))),
                                "selector", map("matchLabels", c.selectorLabels()))),
                object("rbac.authorization.k8s.io/v1", "ClusterRole", metadata(clusterRole, null, null),
                        "rules", list(map("nonResourceURLs", list("/metrics"), "verbs", list("get")))),
                object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", metadata(clusterRole + "-role-binding", null, null),
                        "subjects", list(subject(serviceAccount, ns)),
                        "roleRef", roleRef("ClusterRole", clusterRole)),
                object("rbac.authorization.k8s.io/v1", "Role", metadata(secretReadRole, ns, null),
                        "rules", list(map(
                                "apiGroups", list(""),
                                "resources", list("secrets"),
                                "resourceNames", list(secret),
                                "verbs", list("get", "list", "watch")))),
                object("rbac.authorization.k8s.io/v1", "RoleBinding",
                        metadata(gmpNamespace + ":collector:" + ns + "-" + secretReadRole, ns, null),
                        "subjects", list(subject("collector", gmpNamespace)),
                        "roleRef", roleRef("Role", secretReadRole)));
    }
}
