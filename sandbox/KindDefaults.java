package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** What kube-apiserver's registry strategies set on the built-in kinds pool writes. */
final class KindDefaults {
    private KindDefaults() {}

    /** Defaults set on create. */
    static void apply(ResourceType type, ObjectNode object, String name) {
        if (!type.group().isEmpty()) {
            return;
        }
        switch (type.kind()) {
            case "Secret" -> foldSecretData(type, object);
            case "Namespace" -> {
                Json.objectField(Json.metadata(object), "labels").put("kubernetes.io/metadata.name", name);
                Json.objectField(object, "status").put("phase", "Active");
            }
            case "Pod" -> Json.objectField(object, "status").put("phase", "Pending");
            default -> { }
        }
    }

    /** Secret {@code stringData} folds into base64 {@code data}; {@code type} defaults to Opaque. */
    static void foldSecretData(ResourceType type, ObjectNode object) {
        if (!type.group().isEmpty() || !type.kind().equals("Secret")) {
            return;
        }
        JsonNode stringData = object.remove("stringData");
        if (stringData != null && stringData.isObject()) {
            ObjectNode data = Json.objectField(object, "data");
            Iterator<Map.Entry<String, JsonNode>> fields = stringData.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                byte[] value = f.getValue().asText().getBytes(StandardCharsets.UTF_8);
                data.put(f.getKey(), Base64.getEncoder().encodeToString(value));
            }
        }
        if (Json.text(object, "type") == null || Json.text(object, "type").isEmpty()) {
            object.put("type", "Opaque");
        }
    }
}
