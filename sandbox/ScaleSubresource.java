package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /scale} subresource of Deployments, StatefulSets and ReplicaSets: an
 * {@code autoscaling/v1 Scale} view of {@code spec.replicas} (what {@code kubectl scale} and fabric8's
 * {@code scale(n)} use).
 */
final class ScaleSubresource {
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    private ScaleSubresource() {}

    static boolean supports(ResourceType type) {
        return type.group().equals("apps") && SCALABLE.contains(type.kind());
    }

    static ObjectNode of(ObjectNode object) {
        ObjectNode scale = Json.object().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            JsonNode value = Json.at(object, "metadata", field);
            if (value != null) {
                metadata.set(field, value);
            }
        }
        JsonNode replicas = Json.at(object, "spec", "replicas");
        scale.putObject("spec").put("replicas", replicas == null ? 1 : replicas.asInt());
        ObjectNode status = scale.putObject("status");
        JsonNode current = Json.at(object, "status", "replicas");
        status.put("replicas", current == null ? 0 : current.asInt());
        status.put("selector", selector(Json.at(object, "spec", "selector", "matchLabels")));
        return scale;
    }

    /** The replicas a written Scale asks for. */
    static int replicas(ObjectNode scale) {
        JsonNode replicas = Json.at(scale, "spec", "replicas");
        if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw ApiException.badRequest("a Scale needs spec.replicas, a non-negative number; got " + replicas);
        }
        return replicas.asInt();
    }

    private static String selector(JsonNode matchLabels) {
        StringBuilder s = new StringBuilder();
        if (matchLabels != null) {
            Iterator<Map.Entry<String, JsonNode>> labels = matchLabels.fields();
            while (labels.hasNext()) {
                Map.Entry<String, JsonNode> l = labels.next();
                s.append(s.length() == 0 ? "" : ",").append(l.getKey()).append('=').append(l.getValue().asText());
            }
        }
        return s.toString();
    }
}
