package sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The documents clients read before anything else: {@code /version}, {@code /api}, {@code /apis},
 * {@code /apis/G}, {@code /api/v1}, {@code /apis/G/V} and the OpenAPI v3 index kubectl consults to know
 * that field validation happens on the server. Built from the catalog on each request, so a new CRD
 * shows up at once.
 */
final class Discovery {
    static final String KUBERNETES_VERSION = "v1.32.0";

    private final ResourceCatalog catalog;

    Discovery(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The document for a path, or null when the path is not a discovery path. */
    ObjectNode document(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/version")) {
            return version();
        }
        if (p.equals("/api")) {
            ObjectNode doc = Json.object().put("kind", "APIVersions");
            doc.putArray("versions").add("v1");
            doc.putArray("serverAddressByClientCIDRs");
            return doc;
        }
        if (p.equals("/apis")) {
            ObjectNode doc = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = doc.putArray("groups");
            catalog.groupVersions().forEach((group, versions) -> {
                if (!group.isEmpty()) {
                    groups.add(group(group, versions));
                }
            });
            return doc;
        }
        if (p.equals("/api/v1")) {
            return resources("", "v1");
        }
        String[] s = p.split("/");
        if (s.length == 3 && s[1].equals("apis")) {
            List<String> versions = catalog.groupVersions().get(s[2]);
            return versions == null ? null : group(s[2], versions).put("kind", "APIGroup").put("apiVersion", "v1");
        }
        if (s.length == 4 && s[1].equals("apis")) {
            return resources(s[2], s[3]);
        }
        if (p.equals("/openapi/v3")) {
            return openApiIndex();
        }
        if (p.startsWith("/openapi/v3/")) {
            return openApi(p.substring("/openapi/v3/".length()));
        }
        return null;
    }

    private static ObjectNode version() {
        return Json.object().put("major", "1").put("minor", "32").put("gitVersion", KUBERNETES_VERSION)
                .put("gitCommit", "pool-sandbox").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
                .put("goVersion", "go1.23").put("compiler", "gc").put("platform", "linux/amd64");
    }

    private static ObjectNode group(String group, List<String> versions) {
        ObjectNode g = Json.object().put("name", group);
        ArrayNode list = g.putArray("versions");
        for (String v : versions) {
            list.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
        return g;
    }

    private ObjectNode resources(String group, String version) {
        List<ResourceType> types = catalog.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode doc = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = doc.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = list.addObject().put("name", t.plural()).put("singularName", t.singular())
                    .put("namespaced", t.namespaced()).put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            ResourceType.VERBS.forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                t.shortNames().forEach(shortNames::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode categories = r.putArray("categories");
                t.categories().forEach(categories::add);
            }
            if (t.statusSubresource()) {
                ArrayNode statusVerbs = list.addObject().put("name", t.plural() + "/status").put("singularName", "")
                        .put("namespaced", t.namespaced()).put("kind", t.kind()).putArray("verbs");
                List.of("get", "patch", "update").forEach(statusVerbs::add);
            }
            if (ScaleSubresource.supports(t)) {
                ObjectNode scale = list.addObject().put("name", t.plural() + "/scale").put("singularName", "")
                        .put("namespaced", true).put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                ArrayNode scaleVerbs = scale.putArray("verbs");
                List.of("get", "patch", "update").forEach(scaleVerbs::add);
            }
            if (t.group().isEmpty() && t.kind().equals("Pod")) {
                ArrayNode pfVerbs = list.addObject().put("name", "pods/portforward").put("singularName", "")
                        .put("namespaced", true).put("kind", "PodPortForwardOptions").putArray("verbs");
                List.of("create", "get").forEach(pfVerbs::add);
            }
        }
        return doc;
    }

    private ObjectNode openApiIndex() {
        ObjectNode doc = Json.object();
        ObjectNode paths = doc.putObject("paths");
        for (Map.Entry<String, List<String>> g : catalog.groupVersions().entrySet()) {
            for (String v : g.getValue()) {
                String key = g.getKey().isEmpty() ? "api/" + v : "apis/" + g.getKey() + "/" + v;
                ObjectNode spec = openApi(key);
                paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash="
                        + Integer.toHexString(Json.write(spec).hashCode()));
            }
        }
        return doc;
    }

    /**
     * A minimal OpenAPI v3 document for one group-version: each item path's PATCH operation with its
     * group-version-kind and the {@code fieldValidation} query parameter, which is what kubectl checks
     * before leaving validation to the server. No schemas (the local API does not validate fields).
     */
    private ObjectNode openApi(String groupVersionPath) {
        String[] s = groupVersionPath.split("/");
        String group = s[0].equals("api") ? "" : s.length > 1 ? s[1] : "";
        String version = s[s.length - 1];
        List<ResourceType> types = catalog.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode doc = Json.object().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", KUBERNETES_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : types) {
            ObjectNode patch = paths.putObject(t.itemPath(t.namespaced() ? "{namespace}" : null, "{name}"))
                    .putObject("patch");
            patch.put("operationId", "patch" + t.kind());
            patch.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("version", t.version())
                    .put("kind", t.kind());
            ArrayNode parameters = patch.putArray("parameters");
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }
}
