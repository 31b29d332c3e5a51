package epp.datastore;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/** InferenceObjective v1alpha2 (epp.md §3.4): which objectives belong to the pool, and their priority. */
final class InferenceObjectiveApi {
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("inference.networking.x-k8s.io").withVersion("v1alpha2").withKind("InferenceObjective")
            .withPlural("inferenceobjectives").withNamespaced(true).build();

    /** poolRef.group when the objective does not say. */
    static final String DEFAULT_POOL_GROUP = "inference.networking.k8s.io";

    private InferenceObjectiveApi() {}

    /** True when the objective's poolRef names this pool: same name and same group. */
    static boolean refersTo(GenericKubernetesResource objective, String poolName, String poolGroup) {
        Map<String, Object> poolRef = InferencePoolApi.map(spec(objective).get("poolRef"));
        Object group = poolRef.get("group");
        String refGroup = group == null || "".equals(group) ? DEFAULT_POOL_GROUP : group.toString();
        return poolName.equals(poolRef.get("name")) && poolGroup.equals(refGroup);
    }

    static Objective toObjective(GenericKubernetesResource objective) {
        return new Objective(objective.getMetadata().getName(), InferencePoolApi.integer(spec(objective).get("priority")));
    }

    private static Map<String, Object> spec(GenericKubernetesResource objective) {
        return InferencePoolApi.map(objective.getAdditionalProperties().get("spec"));
    }
}
