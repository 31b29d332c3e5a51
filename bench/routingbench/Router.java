package bench.routingbench;

import gateway.RouterKind;
import java.util.Arrays;
import java.util.List;

/**
 * The routers compared, each behind the same gateway and simulators: the gateway's in-process
 * pickers (round-robin, as a Kubernetes Service spreads requests; seeded random) and pool's EPP
 * with a given EndpointPickerConfig or with precise prefix-cache scoring from the simulators' KV events.
 */
public enum Router {
    ROUND_ROBIN("round-robin", RouterKind.ROUND_ROBIN, null, false),
    RANDOM("random", RouterKind.RANDOM, null, false),
    /** The chart's default profile (common/default-plugins.yaml): queue + KV-cache utilization + prefix cache. */
    EPP("epp", RouterKind.EPP, null, false),
    /**
     * Queue + KV-cache utilization + precise-prefix-cache-scorer, fed by the simulators' KV events
     * (the sandbox's precise prefix-cache mode, with the project's tiny tokenizer).
     */
    EPP_PRECISE("epp-precise", RouterKind.EPP, null, true),
    /** Load only: queue + KV-cache utilization, no prefix affinity. */
    EPP_LOAD_ONLY("epp-load-only", RouterKind.EPP, """
            apiVersion: inference.networking.x-k8s.io/v1alpha1
            kind: EndpointPickerConfig
            plugins:
            - type: queue-scorer
            - type: kv-cache-utilization-scorer
            schedulingProfiles:
            - name: load-only
              plugins:
              - {pluginRef: queue-scorer, weight: 1}
              - {pluginRef: kv-cache-utilization-scorer, weight: 1}
            """, false);

    private final String label;
    private final RouterKind kind;
    private final String eppConfig;
    private final boolean precisePrefixCache;

    Router(String label, RouterKind kind, String eppConfig, boolean precisePrefixCache) {
        this.label = label;
        this.kind = kind;
        this.eppConfig = eppConfig;
        this.precisePrefixCache = precisePrefixCache;
    }

    public String label() {
        return label;
    }

    public RouterKind kind() {
        return kind;
    }

    /** The EndpointPickerConfig the EPP runs with; null = the chart's default profile (or no EPP at all). */
    public String eppConfig() {
        return eppConfig;
    }

    /** Whether the pool runs in the sandbox's precise prefix-cache mode (simulators publishing KV events, the EPP's config for them). */
    public boolean precisePrefixCache() {
        return precisePrefixCache;
    }

    public static Router parse(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown router " + label + ": use one of " + labels()));
    }

    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Router::label).toList());
    }

    public static List<Router> all() {
        return List.of(values());
    }
}
