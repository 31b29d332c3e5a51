package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;

import java.util.List;
import java.util.Map;

/** The EPP's Service: ext_proc gRPC and metrics ports, plus the user's extra ports. */
final class EppServiceTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/epp-service.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        List<Object> ports = list(
                map("name", "grpc-ext-proc", "protocol", "TCP", "port", c.values().integer("inferenceExtension.extProcPort", 9002)),
                map("name", "http-metrics", "protocol", "TCP", "port", c.values().integer("inferenceExtension.metricsPort", 9090)));
        ports.addAll(K8s.verbatimList(c.values().list("inferenceExtension.extraServicePorts")));
        return List.of(object("v1", "Service", metadata(c.eppName(), c.namespace(), c.commonLabels()),
                "spec", map("selector", c.selectorLabels(), "ports", ports, "type", "ClusterIP")));
    }
}
