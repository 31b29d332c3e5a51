package chart;

import java.util.Map;

/**
 * One Kubernetes object of a render, as a plain ordered map, with the chart file it came from
 * (as Helm names it in `# Source:`, e.g. {@code inferencepool/templates/rbac.yaml}).
 */
public record RenderedObject(String sourceTemplate, Map<String, Object> object) {
    public String apiVersion() {
        return text(object.get("apiVersion"));
    }

    public String kind() {
        return text(object.get("kind"));
    }

    public String name() {
        return text(metadata().get("name"));
    }

    /** The namespace written on the object, or "" for cluster-scoped objects. */
    public String namespace() {
        return text(metadata().get("namespace"));
    }

    /** {@code Kind/name}, as `--show-only` and messages name an object. */
    public String kindSlashName() {
        return kind() + "/" + name();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata() {
        return object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
