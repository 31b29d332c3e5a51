package epp.datastore;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two InferencePool API versions the EPP can serve (epp.md §3.2), chosen by `--pool-group`:
 * v1 in `inference.networking.k8s.io` and v1alpha2 in `inference.networking.x-k8s.io`. Both are
 * read as {@link PoolInfo} (the v1 view).
 */
enum InferencePoolApi {
    V1("inference.networking.k8s.io", "v1"),
    V1ALPHA2("inference.networking.x-k8s.io", "v1alpha2");

    final String group;
    final String version;

    InferencePoolApi(String group, String version) {
        this.group = group;
        this.version = version;
    }

    static InferencePoolApi forGroup(String group) {
        for (InferencePoolApi api : values()) {
            if (api.group.equals(group)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown pool group \"" + group + "\": --pool-group must be "
                + V1.group + " (InferencePool v1) or " + V1ALPHA2.group + " (InferencePool v1alpha2)");
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withKind("InferencePool")
                .withPlural("inferencepools").withNamespaced(true).build();
    }

    /** The pool as v1 sees it; a v1alpha2 pool's flat selector and single port are converted. */
    PoolInfo toPoolInfo(GenericKubernetesResource pool) {
        Map<String, Object> spec = map(pool.getAdditionalProperties().get("spec"));
        Map<String, String> matchLabels;
        List<Integer> targetPorts = new ArrayList<>();
        if (this == V1) {
            matchLabels = strings(map(map(spec.get("selector")).get("matchLabels")));
            if (spec.get("targetPorts") instanceof List<?> ports) {
                for (Object port : ports) {
                    Integer number = integer(map(port).get("number"));
                    if (number != null) {
                        targetPorts.add(number);
                    }
                }
            }
        } else {
            matchLabels = strings(map(spec.get("selector")));
            Integer number = integer(spec.get("targetPortNumber"));
            if (number != null) {
                targetPorts.add(number);
            }
        }
        return new PoolInfo(pool.getMetadata().getName(), pool.getMetadata().getNamespace(), group,
                matchLabels, targetPorts);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                result.put(k, String.valueOf(v));
            }
        });
        return result;
    }

    static Integer integer(Object value) {
        return value instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    }
}
