package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.when;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The files of the Jaeger 3.4.1 sub-chart that render in all-in-one mode: ServiceAccount and the
 * agent, collector and query Services (the Deployment is {@link JaegerDeploymentTemplate}).
 */
final class JaegerTemplates {
    static final String SOURCE_DIR = "inferencepool/charts/jaeger/templates/";

    private JaegerTemplates() {}

    static List<ChartTemplate> all() {
        return List.of(
                file("allinone-sa.yaml", JaegerTemplates::serviceAccount),
                file("allinone-agent-svc.yaml", JaegerTemplates::agentService),
                file("allinone-collector-svc.yaml", JaegerTemplates::collectorService),
                file("allinone-query-svc.yaml", JaegerTemplates::queryService),
                new JaegerDeploymentTemplate());
    }

    private static ChartTemplate file(String name, Function<RenderContext, Map<String, Object>> render) {
        return new ChartTemplate() {
            @Override
            public String source() {
                return SOURCE_DIR + name;
            }

            @Override
            public List<Map<String, Object>> render(RenderContext c) {
                return c.jaegerAllInOneEnabled() ? List.of(render.apply(c)) : List.of();
            }
        };
    }

    private static Map<String, Object> serviceAccount(RenderContext c) {
        JaegerNames n = new JaegerNames(c);
        return map("apiVersion", "v1", "kind", "ServiceAccount",
                "metadata", n.metadata(n.fullname(), "all-in-one"),
                "automountServiceAccountToken", true);
    }

    private static Map<String, Object> agentService(RenderContext c) {
        JaegerNames n = new JaegerNames(c);
        return service(n, n.agent(), "service-agent", "None", null, list(
                port("zk-compact-trft", 5775, "UDP", 0, null),
                port("config-rest", 5778, null, 0, null),
                port("jg-compact-trft", 6831, "UDP", 0, null),
                port("jg-binary-trft", 6832, "UDP", 0, null)));
    }

    /** Deliberate fix: jaeger.collector.service.otlp.grpc.port is the otlp-grpc port (to the pod's 4317). */
    private static Map<String, Object> collectorService(RenderContext c) {
        JaegerNames n = new JaegerNames(c);
        ValueReader v = c.values();
        boolean headless = v.get("jaeger.allInOne.service.headless") == null || v.truthy("jaeger.allInOne.service.headless");
        long otlpGrpcPort = n.collectorOtlpGrpcPort();
        return service(n, n.collector(), "service-collector", headless ? "None" : null, null, list(
                port("http-zipkin", 9411, null, 0, "http"),
                port("grpc-http", 14250, null, 0, "grpc"),
                port("c-tchan-trft", 14267, null, 0, null),
                port("http-c-binary-trft", 14268, null, 0, "http"),
                port(v.textOr("jaeger.allInOne.service.collector.otlp.grpc.name", "otlp-grpc"),
                        otlpGrpcPort, null, otlpGrpcPort == 4317 ? 0 : 4317, "grpc"),
                port(v.textOr("jaeger.allInOne.service.collector.otlp.http.name", "otlp-http"), 4318, null, 0, "http")));
    }

    /** Deliberate fix: jaeger.query.service.type and .port are honoured (the UI stays on the pod's 16686). */
    private static Map<String, Object> queryService(RenderContext c) {
        JaegerNames n = new JaegerNames(c);
        String type = c.values().textOr("jaeger.query.service.type", "ClusterIP");
        boolean clusterIp = type.equals("ClusterIP");
        return service(n, n.query(), "service-query", clusterIp ? "None" : K8s.OMIT, clusterIp ? null : type, list(
                port("http-query", c.values().integer("jaeger.query.service.port", 16686), null, 16686, null),
                port("grpc-query", 16685, null, 16685, null)));
    }

    /** clusterIP: "None", null (written as null), or {@link K8s#OMIT}; type null means not written. */
    private static Map<String, Object> service(JaegerNames n, String name, String component, Object clusterIp,
                                               String type, List<Object> ports) {
        return map("apiVersion", "v1", "kind", "Service",
                "metadata", n.metadata(name, component),
                "spec", map(
                        "type", when(type != null, type),
                        "clusterIP", clusterIp,
                        "ports", ports,
                        "selector", n.selector()));
    }

    private static Map<String, Object> port(String name, long port, String protocol, long targetPort, String appProtocol) {
        return map("name", name,
                "port", port,
                "protocol", when(protocol != null, protocol),
                "targetPort", targetPort,
                "appProtocol", when(appProtocol != null, appProtocol));
    }
}
