package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Endpoint Picker's Deployment. */
final class EppDeploymentTemplate implements ChartTemplate {
    static final String TRITON = "triton-tensorrt-llm";

    @Override
    public String source() {
        return "inferencepool/templates/epp-deployment.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        ValueReader v = c.values();
        Map<String, Object> container = map(
                "name", "epp",
                "image", v.text("inferenceExtension.image.hub") + "/" + v.text("inferenceExtension.image.name")
                        + ":" + v.text("inferenceExtension.image.tag"),
                "imagePullPolicy", v.textOr("inferenceExtension.image.pullPolicy", "Always"),
                "args", args(c),
                "ports", ports(v),
                "livenessProbe", map("grpc", grpcProbe(c.highAvailability() ? "liveness" : "inference-extension"),
                        "initialDelaySeconds", 5L, "periodSeconds", 10L),
                "readinessProbe", map("grpc", grpcProbe(c.highAvailability() ? "readiness" : "inference-extension"),
                        "periodSeconds", 2L),
                "env", env(c),
                "volumeMounts", list(map("name", "plugins-config-volume", "mountPath", "/config")));
        Map<String, Object> affinity = v.map("inferenceExtension.affinity");
        List<Object> tolerations = v.list("inferenceExtension.tolerations");
        Map<String, Object> podSpec = map(
                "serviceAccountName", c.eppName(),
                "terminationGracePeriodSeconds", 130L,
                "containers", list(container),
                "volumes", list(map("name", "plugins-config-volume", "configMap", map("name", c.eppName()))),
                "affinity", when(!affinity.isEmpty(), K8s.verbatimMap(affinity)),
                "tolerations", when(!tolerations.isEmpty(), K8s.verbatimList(tolerations)));
        return List.of(object("apps/v1", "Deployment", metadata(c.eppName(), c.namespace(), c.commonLabels()),
                "spec", map(
                        "replicas", c.replicas(),
                        "strategy", map("type", "Recreate"),
                        "selector", map("matchLabels", c.selectorLabels()),
                        "template", map(
                                "metadata", map("labels", c.selectorLabels()),
                                "spec", podSpec))));
    }

    private static List<Object> args(RenderContext c) {
        ValueReader v = c.values();
        List<Object> args = list(
                "--pool-name", c.releaseName(),
                "--pool-namespace", c.namespace(),
                "--pool-group", c.poolGroup(),
                "--zap-encoder", "json",
                "--config-file", "/config/" + v.text("inferenceExtension.pluginsConfigFile"));
        if (v.textOr("inferencePool.modelServerType", "vllm").equals(TRITON)) {
            args.addAll(List.of(
                    "--total-queued-requests-metric", "nv_trt_llm_request_metrics{request_type=waiting}",
                    "--kv-cache-usage-percentage-metric", "nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type=fraction}",
                    "--lora-info-metric", ""));
        }
        if (c.highAvailability()) {
            args.add(common.EppLease.FLAG);
        }
        // Deliberate fix, here and for --tracing: one argument each. Go's flag package reads a separate
        // "false" after a boolean flag as the first positional argument and stops parsing there.
        args.addAll(PassThroughFlags.arguments(v.get(PassThroughFlags.PATH)));
        args.add("--tracing=" + c.tracingEnabled());
        if (!c.prometheusEnabled()) {
            args.add("--metrics-endpoint-auth=false");
        }
        return args;
    }

    private static List<Object> ports(ValueReader v) {
        List<Object> ports = list(
                map("name", "grpc", "containerPort", 9002L),
                map("name", "grpc-health", "containerPort", 9003L),
                map("name", "metrics", "containerPort", 9090L));
        ports.addAll(K8s.verbatimList(v.list("inferenceExtension.extraContainerPorts")));
        return ports;
    }

    private static Map<String, Object> grpcProbe(String service) {
        return map("port", 9003L, "service", service);
    }

    private static List<Object> env(RenderContext c) {
        ValueReader v = c.values();
        List<Object> env = new ArrayList<>();
        env.add(map("name", "NAMESPACE", "valueFrom", map("fieldRef", map("fieldPath", "metadata.namespace"))));
        if (c.tracingEnabled()) {
            env.add(value("OTEL_SERVICE_NAME", "gateway-api-inference-extension"));
            env.add(value("OTEL_EXPORTER_OTLP_ENDPOINT", c.otelExporterEndpoint()));
            env.add(value("OTEL_TRACES_EXPORTER", "otlp"));
            env.add(fieldRef("OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "spec.nodeName"));
            env.add(fieldRef("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "metadata.name"));
            env.add(value("OTEL_RESOURCE_ATTRIBUTES", "k8s.namespace.name=$(NAMESPACE),"
                    + "k8s.node.name=$(OTEL_RESOURCE_ATTRIBUTES_NODE_NAME),k8s.pod.name=$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME)"));
            env.add(value("OTEL_TRACES_SAMPLER", v.text("inferenceExtension.tracing.sampling.sampler")));
            env.add(value("OTEL_TRACES_SAMPLER_ARG", v.text("inferenceExtension.tracing.sampling.samplerArg")));
        }
        env.addAll(K8s.verbatimList(v.list("inferenceExtension.env")));
        return env;
    }

    private static Map<String, Object> value(String name, String value) {
        return map("name", name, "value", value);
    }

    private static Map<String, Object> fieldRef(String name, String fieldPath) {
        return map("name", name, "valueFrom", map("fieldRef", map("apiVersion", "v1", "fieldPath", fieldPath)));
    }
}
