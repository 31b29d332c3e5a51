package sandbox.inference;

import gateway.FailureMode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The InferencePool a release installed, as the sandbox needs it: the model servers' labels and
 * port, the EPP's Service and port, the failure mode. Read from the cluster (v1, else v1alpha2),
 * so values that change them (`matchLabels`, `targetPortNumber`, `apiVersion`) are honoured.
 */
record InstalledPool(String name, Map<String, String> selector, int targetPort, String eppService, int eppPort,
                     FailureMode failureMode) {

    static InstalledPool read(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource v1 = get(client, namespace, name, "inference.networking.k8s.io", "v1");
        if (v1 != null) {
            Map<String, Object> spec = map(v1.getAdditionalProperties().get("spec"));
            Map<String, Object> ref = map(spec.get("endpointPickerRef"));
            List<?> ports = spec.get("targetPorts") instanceof List<?> l ? l : List.of();
            int targetPort = ports.isEmpty() ? 8000 : number(map(ports.get(0)).get("number"), 8000);
            return new InstalledPool(name, strings(map(spec.get("selector")).get("matchLabels")), targetPort,
                    (String) ref.get("name"), number(map(ref.get("port")).get("number"), 9002), failureMode(ref.get("failureMode")));
        }
        GenericKubernetesResource v1alpha2 = get(client, namespace, name, "inference.networking.x-k8s.io", "v1alpha2");
        if (v1alpha2 != null) {
            Map<String, Object> spec = map(v1alpha2.getAdditionalProperties().get("spec"));
            Map<String, Object> ref = map(spec.get("extensionRef"));
            return new InstalledPool(name, strings(spec.get("selector")), number(spec.get("targetPortNumber"), 8000),
                    (String) ref.get("name"), number(ref.get("portNumber"), 9002), failureMode(ref.get("failureMode")));
        }
        throw new IllegalStateException("the release installed no InferencePool named " + name + " in " + namespace);
    }

    private static GenericKubernetesResource get(KubernetesClient client, String namespace, String name, String group, String version) {
        var context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind("InferencePool")
                .withPlural("inferencepools").withNamespaced(true).build();
        return client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        map(value).forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    private static FailureMode failureMode(Object value) {
        return value == null ? FailureMode.FAIL_CLOSE : FailureMode.parse(value.toString());
    }
}
