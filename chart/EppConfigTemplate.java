package chart;

import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;

import common.DefaultPluginsConfig;
import java.util.List;
import java.util.Map;

/** The EPP's ConfigMap: the default plugin configuration plus the user's plugin files verbatim. */
final class EppConfigTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/epp-config.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        Map<String, Object> data = map(DefaultPluginsConfig.FILE_NAME, DefaultPluginsConfig.text());
        c.values().map("inferenceExtension.pluginsCustomConfig")
                .forEach((file, content) -> data.put(file, ValueText.go(content)));
        return List.of(object("v1", "ConfigMap", metadata(c.eppName(), c.namespace(), null), "data", data));
    }
}
