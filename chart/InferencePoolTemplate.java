package chart;

import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The InferencePool itself, in the v1 or the v1alpha2 shape. */
final class InferencePoolTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/inferencepool.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        ValueReader v = c.values();
        long extProcPort = v.integer("inferenceExtension.extProcPort", 9002);
        Map<String, Object> spec = c.poolIsV1Alpha2()
                ? map("targetPortNumber", v.integer("inferencePool.targetPortNumber", 8000),
                        "selector", matchLabels(v),
                        "extensionRef", map("name", c.eppName(), "portNumber", extProcPort,
                                "failureMode", v.textOr("inferenceExtension.failureMode", "FailClose")))
                : map("targetPorts", targetPorts(v),
                        "selector", map("matchLabels", matchLabels(v)),
                        "endpointPickerRef", map("name", c.eppName(), "port", map("number", extProcPort)));
        return List.of(object(c.poolApiVersion(), "InferencePool",
                metadata(c.releaseName(), c.namespace(), c.commonLabels()), "spec", spec));
    }

    /**
     * Deliberate fix: the seed README documents targetPortNumber as the model servers' port, but
     * the reference ignores it for v1. Without explicit targetPorts, pool uses targetPortNumber.
     */
    private static List<Object> targetPorts(ValueReader v) {
        List<Object> ports = new ArrayList<>();
        List<Object> configured = v.list("inferencePool.targetPorts");
        if (configured.isEmpty()) {
            ports.add(map("number", v.integer("inferencePool.targetPortNumber", 8000)));
        }
        for (Object port : configured) {
            Object number = port instanceof Map<?, ?> m ? m.get("number") : null;
            ports.add(map("number", ValueText.integer(number).orElse(0L)));
        }
        return ports;
    }

    /** The model-server selector, every value as a string (the reference quotes them). */
    private static Map<String, Object> matchLabels(ValueReader v) {
        Map<String, Object> labels = new LinkedHashMap<>();
        new java.util.TreeMap<>(v.map("inferencePool.modelServers.matchLabels"))
                .forEach((key, value) -> labels.put(key, ValueText.go(value)));
        return labels;
    }
}
