package chart;

import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;

import java.util.List;
import java.util.Map;

/** The service-account token Secret Prometheus scrapes the EPP's protected /metrics with. */
final class MetricsTokenSecretTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/epp-sa-token-secret.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!(c.prometheusEnabled() && c.prometheusAuthEnabled()) || c.provider().equals("gke")) {
            return List.of();
        }
        Map<String, Object> metadata = metadata(
                c.values().text("inferenceExtension.monitoring.prometheus.auth.secretName"), c.namespace(), c.commonLabels());
        metadata.put("annotations", map("kubernetes.io/service-account.name", c.eppName()));
        return List.of(object("v1", "Secret", metadata, "type", "kubernetes.io/service-account-token"));
    }
}
