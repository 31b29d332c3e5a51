package chart;

import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.when;

import java.util.List;
import java.util.Map;

/** provider istio: the DestinationRule that makes the gateway talk TLS to the EPP. */
final class IstioTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/istio.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!c.provider().equals("istio")) {
            return List.of();
        }
        ValueReader v = c.values();
        String host = v.textOr("istio.destinationRule.host", c.eppName() + "." + c.namespace() + ".svc.cluster.local");
        Map<String, Object> connectionPool = v.map("istio.destinationRule.trafficPolicy.connectionPool");
        return List.of(object("networking.istio.io/v1beta1", "DestinationRule",
                metadata(c.eppName(), c.namespace(), null),
                "spec", map(
                        "host", host,
                        "trafficPolicy", map(
                                "tls", map("mode", "SIMPLE", "insecureSkipVerify", true),
                                "connectionPool", when(!connectionPool.isEmpty(), K8s.verbatimMap(connectionPool))))));
    }
}
