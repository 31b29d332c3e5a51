package release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The release record's JSON: Helm's field names and order (release.md §1.5), Go's encoding. */
public final class ReleaseJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReleaseJson() {}

    public static String write(Release r) {
        return GoJson.write(tree(r));
    }

    /** The record as a JSON tree in Helm's field order (what `-o json|yaml` prints). */
    public static Map<String, Object> tree(Release r) {
        var out = new LinkedHashMap<String, Object>();
        putIfNotEmpty(out, "name", r.name());
        out.put("info", info(r.info()));
        if (r.chart() != null) {
            out.put("chart", r.chart());
        }
        if (!r.config().isEmpty()) {
            out.put("config", GoJson.sortedDeep(r.config()));
        }
        putIfNotEmpty(out, "manifest", r.manifest());
        if (r.hooks() != null && !r.hooks().isEmpty()) {
            out.put("hooks", r.hooks());
        }
        if (r.version() != 0) {
            out.put("version", r.version());
        }
        putIfNotEmpty(out, "namespace", r.namespace());
        putIfNotEmpty(out, "apply_method", r.applyMethod());
        return out;
    }

    private static Map<String, Object> info(Release.Info info) {
        var out = new LinkedHashMap<String, Object>();
        if (info.firstDeployed() != null) {
            out.put("first_deployed", GoTime.rfc3339(info.firstDeployed()));
        }
        if (info.lastDeployed() != null) {
            out.put("last_deployed", GoTime.rfc3339(info.lastDeployed()));
        }
        if (info.deleted() != null) {
            out.put("deleted", GoTime.rfc3339(info.deleted()));
        }
        putIfNotEmpty(out, "description", info.description());
        if (info.status() != null && info.status() != ReleaseStatus.UNKNOWN) {
            out.put("status", info.status().text());
        }
        putIfNotEmpty(out, "notes", info.notes());
        return out;
    }

    private static void putIfNotEmpty(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    /** Reads a record written by Helm 3, Helm 4 or pool. Labels are not in the JSON: pass them in. */
    public static Release read(String json, Map<String, String> labels) {
        Map<String, Object> tree;
        try {
            tree = MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new ReleaseException("release record is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree.get("info") instanceof Map<?, ?> info)) {
            throw new ReleaseException("release record has no info");
        }
        return new Release(
                string(tree.get("name")),
                string(tree.get("namespace")),
                tree.get("version") instanceof Number n ? n.intValue() : 0,
                new Release.Info(
                        GoTime.parse(info.get("first_deployed")),
                        GoTime.parse(info.get("last_deployed")),
                        GoTime.parse(info.get("deleted")),
                        string(info.get("description")),
                        ReleaseStatus.parse(string(info.get("status"))),
                        string(info.get("notes"))),
                map(tree.get("chart")),
                map(tree.get("config")),
                string(tree.get("manifest")),
                tree.get("hooks") instanceof List<?> hooks ? new ArrayList<>(hooks) : null,
                string(tree.get("apply_method")),
                labels);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }
}
