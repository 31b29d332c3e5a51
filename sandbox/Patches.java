package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Iterator;
import java.util.Map;

/** The patch formats of PATCH requests other than server-side apply, and the merge apply itself uses. */
final class Patches {
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Patches() {}

    static ObjectNode apply(String contentType, ObjectNode target, String body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode result;
        switch (type) {
            case JSON_PATCH -> {
                JsonNode patch = Json.parse(body);
                try {
                    result = JsonPatch.apply(patch, target);
                } catch (RuntimeException e) {
                    throw ApiException.badRequest("the JSON patch could not be applied: " + e.getMessage());
                }
            }
            case MERGE_PATCH -> result = mergePatch(target, Json.parseObject(body, false));
            case STRATEGIC_MERGE_PATCH -> result = strategicMerge(target, Json.parseObject(body, false), null);
            default -> throw ApiException.unsupportedMediaType(contentType);
        }
        if (!(result instanceof ObjectNode o)) {
            throw ApiException.badRequest("the patch did not produce an object");
        }
        return o;
    }

    /** RFC 7386: objects merge, null deletes, everything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    /**
     * Strategic merge patch, the common part kubectl sends: like a merge patch, but lists with a merge
     * key merge item by item ({@code $patch: delete} removes an item); other {@code $} directives are
     * dropped.
     */
    static JsonNode strategicMerge(JsonNode target, JsonNode patch, String fieldName) {
        if (patch.isObject()) {
            if ("replace".equals(Json.text(patch, "$patch"))) {
                ObjectNode copy = ((ObjectNode) patch).deepCopy();
                copy.remove("$patch");
                return copy;
            }
            ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
            Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().startsWith("$")) {
                    continue;
                }
                if (f.getValue().isNull()) {
                    result.remove(f.getKey());
                } else {
                    result.set(f.getKey(), strategicMerge(result.get(f.getKey()), f.getValue(), f.getKey()));
                }
            }
            return result;
        }
        if (patch.isArray() && target != null && target.isArray() && fieldName != null) {
            String key = ListMergeKeys.keyFor(fieldName, patch);
            if (key != null && ListMergeKeys.keyFor(fieldName, target) != null) {
                ArrayNode result = ((ArrayNode) target).deepCopy();
                for (JsonNode item : patch) {
                    int index = indexByKey(result, key, item.get(key));
                    if ("delete".equals(Json.text(item, "$patch"))) {
                        if (index >= 0) {
                            result.remove(index);
                        }
                    } else if (index >= 0) {
                        result.set(index, strategicMerge(result.get(index), item, null));
                    } else {
                        result.add(strategicMerge(null, item, null));
                    }
                }
                return result;
            }
        }
        return patch.deepCopy();
    }

    /** Server-side apply's merge of an applied configuration into the live object. */
    static JsonNode applyConfiguration(JsonNode live, JsonNode applied, String fieldName) {
        if (live != null && live.isObject() && applied.isObject()) {
            ObjectNode result = ((ObjectNode) live).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = applied.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                result.set(f.getKey(), applyConfiguration(result.get(f.getKey()), f.getValue(), f.getKey()));
            }
            return result;
        }
        if (live != null && live.isArray() && applied.isArray() && fieldName != null) {
            String key = ListMergeKeys.keyFor(fieldName, applied);
            if (key != null && ListMergeKeys.keyFor(fieldName, live) != null) {
                ArrayNode result = ((ArrayNode) live).deepCopy();
                for (JsonNode item : applied) {
                    int index = indexByKey(result, key, item.get(key));
                    if (index >= 0) {
                        result.set(index, applyConfiguration(result.get(index), item, null));
                    } else {
                        result.add(item.deepCopy());
                    }
                }
                return result;
            }
        }
        return applied.deepCopy();
    }

    private static int indexByKey(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i).get(key);
            if (v != null && v.asText().equals(value == null ? null : value.asText())) {
                return i;
            }
        }
        return -1;
    }
}
