package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.when;

import java.util.List;
import java.util.Map;

/** The Prometheus Operator ServiceMonitor for the EPP's metrics (prometheus on, provider not gke). */
final class ServiceMonitorTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/epp-servicemonitor.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!c.prometheusEnabled() || c.provider().equals("gke")) {
            return List.of();
        }
        Map<String, Object> labels = c.commonLabels();
        new java.util.TreeMap<>(c.values().map("inferenceExtension.monitoring.prometheus.extraLabels"))
                .forEach((key, value) -> labels.put(key, ValueText.go(value)));
        boolean auth = c.prometheusAuthEnabled();
        Map<String, Object> endpoint = map(
                "interval", c.values().text("inferenceExtension.monitoring.interval"),
                "port", "http-metrics",
                "path", "/metrics",
                "authorization", when(auth, map("credentials", map(
                        "key", "token",
                        "name", c.values().text("inferenceExtension.monitoring.prometheus.auth.secretName")))));
        return List.of(object("monitoring.coreos.com/v1", "ServiceMonitor",
                metadata(c.eppName() + "-monitor", c.namespace(), labels),
                "spec", map(
                        "endpoints", list(endpoint),
                        "jobLabel", c.eppName(),
                        "namespaceSelector", map("matchNames", list(c.namespace())),
                        "selector", map("matchLabels", c.commonLabels()))));
    }
}
