package kube;

import java.util.Map;

/** Identifies one object: apiVersion, kind, namespace (null when cluster-scoped) and name. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    @SuppressWarnings("unchecked")
    public static ObjectRef of(Map<String, Object> object) {
        var meta = object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
        return new ObjectRef(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")),
                (String) meta.get("namespace"), (String) meta.get("name"));
    }

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Helm matches old and new objects by group, kind, namespace and name: a version bump is an update. */
    public String identity() {
        return group() + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** `Deployment "pool-epp" in namespace "ns"`, as Helm names objects in messages. */
    public String describe() {
        return kind + " \"" + name + "\" in namespace \"" + (namespace == null ? "" : namespace) + "\"";
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
