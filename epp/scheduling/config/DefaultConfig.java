package epp.scheduling.config;

/**
 * The configuration used when none is given (epp.md §0.6): the chart's default-plugins.yaml (§5.5).
 * The pool CLI keeps its own copy in chart/EppConfigTemplate (the two ship separately);
 * tests/chart/EppDefaultConfigTest keeps them equal.
 */
public final class DefaultConfig {
    private DefaultConfig() {}

    public static final String CHART_DEFAULT_PLUGINS = """
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
}
