package kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply with `dryRun=All` as field manager `helm` (forcing conflicts, as the preview of
 * what an apply would make of the object): the API server defaults, validates and merges with the
 * live object, and persists nothing.
 */
public final class ServerSideDryRun {
    private final KubernetesClient client;

    public ServerSideDryRun(KubernetesClient client) {
        this.client = client;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> object) {
        var serialization = client.getKubernetesSerialization();
        var patch = new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(Cluster.FIELD_MANAGER)
                .withForce(true)
                .withFieldValidation("Strict")
                .withDryRun(List.of("All"))
                .build();
        try {
            var resource = serialization.convertValue(IntegralNumbers.of(object), GenericKubernetesResource.class);
            return serialization.convertValue(client.resource(resource).patch(patch), Map.class);
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(client).describe("dry-run apply " + ObjectRef.of(object).describe(), e);
        }
    }
}
