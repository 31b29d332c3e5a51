package chart;

import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;

import java.util.List;
import java.util.Map;

/** The EPP's ConfigMap: the default plugin configuration plus the user's plugin files verbatim. */
final class EppConfigTemplate implements ChartTemplate {
    static final String DEFAULT_PLUGINS_FILE = "default-plugins.yaml";
    static final String DEFAULT_PLUGINS = """
            apiVersion: inference.networking.x-k8s.io/v1alpha1
            kind: EndpointPickerConfig
            plugins:
            - type: queue-scorer
            - type: kv-cache-utilization-scorer
            - type: prefix-cache-scorer
            schedulingProfiles:
            - name: default
              plugins:
              - pluginRef: queue-scorer
              - pluginRef: kv-cache-utilization-scorer
              - pluginRef: prefix-cache-scorer
            """;

    @Override
    public String source() {
        return "inferencepool/templates/epp-config.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        Map<String, Object> data = map(DEFAULT_PLUGINS_FILE, DEFAULT_PLUGINS);
        c.values().map("inferenceExtension.pluginsCustomConfig")
                .forEach((file, content) -> data.put(file, ValueText.go(content)));
        return List.of(object("v1", "ConfigMap", metadata(c.eppName(), c.namespace(), null), "data", data));
    }
}
