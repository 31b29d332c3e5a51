package sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The CustomResourceDefinitions the local API serves from the start: InferencePool
 * ({@code inference.networking.k8s.io/v1} and {@code inference.networking.x-k8s.io/v1alpha2}) and
 * InferenceObjective ({@code inference.networking.x-k8s.io/v1alpha2}), namespaced, with a status
 * subresource. Their schemas accept any fields: the local API does not validate schemas.
 */
final class InferenceCrds {
    private InferenceCrds() {}

    static List<ObjectNode> all() {
        return List.of(
                crd("inference.networking.k8s.io", "v1", "InferencePool", "inferencepools", "inferencepool"),
                crd("inference.networking.x-k8s.io", "v1alpha2", "InferencePool", "inferencepools", "inferencepool"),
                crd("inference.networking.x-k8s.io", "v1alpha2", "InferenceObjective", "inferenceobjectives",
                        "inferenceobjective"));
    }

    private static ObjectNode crd(String group, String version, String kind, String plural, String singular) {
        String yaml = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: %2$s.%1$s
                spec:
                  group: %1$s
                  scope: Namespaced
                  names:
                    kind: %4$s
                    listKind: %4$sList
                    plural: %2$s
                    singular: %5$s
                  versions:
                  - name: %3$s
                    served: true
                    storage: true
                    subresources:
                      status: {}
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                          status:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                """.formatted(group, plural, version, kind, singular);
        return Json.parseObject(yaml, true);
    }
}
