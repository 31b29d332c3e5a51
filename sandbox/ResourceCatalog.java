package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds served right now: the built-in ones plus those of every stored CustomResourceDefinition. */
final class ResourceCatalog {
    static final ResourceType CRDS = builtIn("apiextensions.k8s.io", "CustomResourceDefinition");
    static final ResourceType NAMESPACES = builtIn("", "Namespace");
    static final ResourceType SERVICES = builtIn("", "Service");

    private final ObjectStore store;

    ResourceCatalog(ObjectStore store) {
        this.store = store;
    }

    List<ResourceType> all() {
        List<ResourceType> types = new ArrayList<>(BuiltInResources.ALL);
        for (ObjectNode crd : store.list(CRDS, null)) {
            types.addAll(fromCrd(crd));
        }
        return types;
    }

    Optional<ResourceType> find(String group, String version, String plural) {
        return all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)
                && t.plural().equals(plural)).findFirst();
    }

    Optional<ResourceType> findKind(String apiVersion, String kind) {
        return all().stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    /** Group → versions, in the order first served (the first version is the preferred one). */
    Map<String, List<String>> groupVersions() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType t : all()) {
            List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return groups;
    }

    private static ResourceType builtIn(String group, String kind) {
        return BuiltInResources.ALL.stream().filter(t -> t.group().equals(group) && t.kind().equals(kind))
                .findFirst().orElseThrow();
    }

    static List<ResourceType> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(n -> categories.add(n.asText()));
        String plural = names.path("plural").asText();
        String singular = names.path("singular").asText(names.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            types.add(new ResourceType(spec.path("group").asText(), v.path("name").asText(),
                    names.path("kind").asText(), plural, singular.isEmpty() ? plural : singular,
                    !"Cluster".equals(spec.path("scope").asText()), v.path("subresources").has("status"),
                    List.copyOf(shortNames), List.copyOf(categories)));
        }
        return types;
    }
}
