package chart;

import java.util.Map;

/**
 * Names and labels of the Jaeger all-in-one objects (jaeger.md 2). Deliberate fix: the names are
 * always {@code <release>-jaeger[-component]}, so the EPP's automatic endpoint always names the
 * collector Service that exists.
 */
final class JaegerNames {
    static final String CHART = "jaeger-3.4.1";
    static final String APP_VERSION = "1.53.0";

    private final RenderContext c;

    JaegerNames(RenderContext c) {
        this.c = c;
    }

    /** F: the all-in-one Deployment's and ServiceAccount's name. */
    String fullname() {
        return cut63(c.releaseName() + "-jaeger");
    }

    String agent() {
        return cut63(fullname() + "-agent");
    }

    String collector() {
        return cut63(fullname() + "-collector");
    }

    String query() {
        return cut63(fullname() + "-query");
    }

    long collectorOtlpGrpcPort() {
        return c.values().integer("jaeger.collector.service.otlp.grpc.port", 4317);
    }

    String appName() {
        return cut63(c.values().textOr("jaeger.nameOverride", "jaeger"));
    }

    /** The sub-chart's common labels plus the component. */
    Map<String, Object> labels(String component) {
        return K8s.map(
                "helm.sh/chart", CHART,
                "app.kubernetes.io/name", appName(),
                "app.kubernetes.io/instance", c.releaseName(),
                "app.kubernetes.io/version", APP_VERSION,
                "app.kubernetes.io/managed-by", "Helm",
                "app.kubernetes.io/component", component);
    }

    /** The selector of every all-in-one Service and of the Deployment. */
    Map<String, Object> selector() {
        return K8s.map(
                "app.kubernetes.io/name", appName(),
                "app.kubernetes.io/instance", c.releaseName(),
                "app.kubernetes.io/component", "all-in-one");
    }

    Map<String, Object> metadata(String name, String component) {
        Map<String, Object> metadata = K8s.map("name", name, "labels", labels(component));
        metadata.put("namespace", c.namespace());
        return metadata;
    }

    private static String cut63(String name) {
        String cut = name.length() > 63 ? name.substring(0, 63) : name;
        return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
    }
}
