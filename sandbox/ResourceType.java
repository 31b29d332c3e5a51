package sandbox;

import java.util.List;

/**
 * One served kind: what discovery lists, what a path like {@code /apis/apps/v1/namespaces/x/deployments}
 * resolves to, and whether {@code .status} is a separate subresource.
 */
record ResourceType(String group, String version, String kind, String plural, String singular,
                    boolean namespaced, boolean statusSubresource, List<String> shortNames, List<String> categories) {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    String listKind() {
        return kind + "List";
    }

    /** The name used in error messages: {@code configmaps}, {@code deployments.apps}. */
    String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** Path of the collection, in one namespace (or cluster-wide when namespace is null). */
    String collectionPath(String namespace) {
        String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespaced && namespace != null ? root + "/namespaces/" + namespace + "/" + plural : root + "/" + plural;
    }

    String itemPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }
}
