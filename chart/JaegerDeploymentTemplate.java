package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Jaeger all-in-one Deployment (in-memory storage), as the jaeger 3.4.1 sub-chart renders it. */
final class JaegerDeploymentTemplate implements ChartTemplate {
    @Override
    public String source() {
        return JaegerTemplates.SOURCE_DIR + "allinone-deploy.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!c.jaegerAllInOneEnabled()) {
            return List.of();
        }
        JaegerNames n = new JaegerNames(c);
        ValueReader v = c.values();
        Map<String, Object> metadata = n.metadata(n.fullname(), "all-in-one");
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
        labels.putAll(prometheusScrape()); // the sub-chart puts these in labels, not annotations, here

        Map<String, Object> podLabels = n.selector();
        new java.util.TreeMap<>(v.map("jaeger.allInOne.podLabels")).forEach((key, value) -> podLabels.put(key, ValueText.go(value)));
        Map<String, Object> resources = v.map("jaeger.allInOne.resources");

        Map<String, Object> container = map(
                "env", env(v),
                "securityContext", map(),
                "image", image(v),
                "imagePullPolicy", v.textOr("jaeger.allInOne.image.pullPolicy", "IfNotPresent"),
                "name", "jaeger",
                "args", null,
                "ports", list(
                        containerPort(5775, "UDP"), containerPort(6831, "UDP"), containerPort(6832, "UDP"),
                        containerPort(5778, "TCP"), containerPort(16686, "TCP"), containerPort(16685, "TCP"),
                        containerPort(9411, "TCP"), containerPort(4317, "TCP"), containerPort(4318, "TCP")),
                "livenessProbe", adminProbe(5, 5, 15),
                "readinessProbe", adminProbe(3, 1, 10),
                "resources", when(!resources.isEmpty(), K8s.verbatimMap(resources)),
                "volumeMounts", null);
        return List.of(map("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", metadata,
                "spec", map(
                        "replicas", 1L,
                        "strategy", map("type", "Recreate"),
                        "selector", map("matchLabels", n.selector()),
                        "template", map(
                                "metadata", map("labels", podLabels, "annotations", prometheusScrape()),
                                "spec", map(
                                        "containers", list(container),
                                        "securityContext", map("fsGroup", 10001L, "runAsGroup", 10001L, "runAsUser", 10001L),
                                        "serviceAccountName", n.fullname(),
                                        "volumes", null)))));
    }

    private static Map<String, Object> prometheusScrape() {
        return map("prometheus.io/port", "14269", "prometheus.io/scrape", "true");
    }

    /** {@code [<registry>/]<repository>(:<tag>|@<digest>)}; an empty tag falls back to the sub-chart's appVersion. */
    private static String image(ValueReader v) {
        String registry = v.textOr("jaeger.allInOne.image.registry", v.text("global.imageRegistry"));
        String repository = v.text("jaeger.allInOne.image.repository");
        String digest = v.text("jaeger.allInOne.image.digest");
        String reference = digest.isEmpty()
                ? ":" + v.textOr("jaeger.allInOne.image.tag", JaegerNames.APP_VERSION)
                : "@" + digest;
        return (registry.isEmpty() ? "" : registry + "/") + repository + reference;
    }

    private static List<Object> env(ValueReader v) {
        List<Object> env = new ArrayList<>(K8s.verbatimList(v.list("jaeger.allInOne.extraEnv")));
        env.add(map("name", "SPAN_STORAGE_TYPE", "value", v.text("jaeger.storage.type")));
        env.addAll(K8s.verbatimList(v.list("jaeger.storage.memory.extraEnv")));
        env.add(map("name", "COLLECTOR_ZIPKIN_HOST_PORT", "value", ":9411"));
        env.add(map("name", "JAEGER_DISABLED", "value", "false"));
        env.add(map("name", "COLLECTOR_OTLP_ENABLED", "value", "true"));
        return env;
    }

    private static Map<String, Object> containerPort(long port, String protocol) {
        return map("containerPort", port, "protocol", protocol);
    }

    private static Map<String, Object> adminProbe(long failureThreshold, long initialDelaySeconds, long periodSeconds) {
        return map(
                "failureThreshold", failureThreshold,
                "httpGet", map("path", "/", "port", 14269L, "scheme", "HTTP"),
                "initialDelaySeconds", initialDelaySeconds,
                "periodSeconds", periodSeconds,
                "successThreshold", 1L,
                "timeoutSeconds", 1L);
    }
}
