package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local API's authentication and authorization reviews, so that a token-checking client (the
 * EPP's `/metrics`) can be seen answering 401, 403 and 200 end to end:
 *
 * <ul>
 *   <li>TokenRequest (`POST .../serviceaccounts/NAME/token`, what `kubectl create token` calls)
 *       issues a token for an existing ServiceAccount;</li>
 *   <li>TokenReview authenticates the tokens it issued (user `system:serviceaccount:NS:NAME`,
 *       groups `system:serviceaccounts`, `system:serviceaccounts:NS`, `system:authenticated`) and no
 *       others;</li>
 *   <li>SubjectAccessReview evaluates RBAC as kube-apiserver does: the (Cluster)RoleBindings whose
 *       subjects name the user, one of its groups or its ServiceAccount, and the rules of the roles
 *       they refer to, for non-resource URLs and for resources.</li>
 * </ul>
 */
final class AccessReviews {
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private static final String RBAC = "rbac.authorization.k8s.io";

    private record Account(String namespace, String name) {
        String user() {
            return "system:serviceaccount:" + namespace + ":" + name;
        }
    }

    private final ObjectStore store;
    private final ResourceCatalog catalog;
    private final Map<String, Account> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    AccessReviews(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The answer to a review or token request, or null when {@code path} is none of them. */
    ObjectNode answer(String method, String path, ApiPath api, ObjectNode body) {
        if (!method.equals("POST")) {
            return null;
        }
        if (path.equals(TOKEN_REVIEWS)) {
            return tokenReview(body);
        }
        if (path.equals(ACCESS_REVIEWS)) {
            return accessReview(body);
        }
        if (api != null && "token".equals(api.subresource()) && api.group().isEmpty() && api.plural().equals("serviceaccounts")) {
            return tokenRequest(api.namespace(), api.name(), body);
        }
        return null;
    }

    /** True when the request is one {@link #answer} handles (its body is read only then). */
    static boolean handles(String method, String path, ApiPath api) {
        return method.equals("POST") && (path.equals(TOKEN_REVIEWS) || path.equals(ACCESS_REVIEWS)
                || api != null && "token".equals(api.subresource()) && api.group().isEmpty() && "serviceaccounts".equals(api.plural()));
    }

    private ObjectNode tokenRequest(String namespace, String name, ObjectNode body) {
        ResourceType accounts = type("", "serviceaccounts");
        store.get(accounts, namespace, name).orElseThrow(() -> ApiException.notFound(accounts, name));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "sandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(token, new Account(namespace, name));
        long seconds = body.path("spec").path("expirationSeconds").asLong(3600);
        ObjectNode answer = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        answer.putObject("metadata").put("name", name).put("namespace", namespace);
        answer.set("spec", body.path("spec").isObject() ? body.get("spec").deepCopy() : Json.object());
        answer.putObject("status").put("token", token)
                .put("expirationTimestamp", Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString());
        return answer;
    }

    private ObjectNode tokenReview(ObjectNode body) {
        Account account = issued.get(body.path("spec").path("token").asText(""));
        ObjectNode answer = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        answer.putObject("metadata");
        answer.set("spec", body.path("spec").deepCopy());
        ObjectNode status = answer.putObject("status").put("authenticated", account != null);
        if (account != null) {
            ObjectNode user = status.putObject("user").put("username", account.user());
            user.putArray("groups").add("system:serviceaccounts").add("system:serviceaccounts:" + account.namespace())
                    .add("system:authenticated");
        } else {
            status.putObject("user");
        }
        return answer;
    }

    private ObjectNode accessReview(ObjectNode body) {
        JsonNode spec = body.path("spec");
        String user = spec.path("user").asText("");
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        boolean allowed = groups.contains("system:masters") || allowedByRbac(user, groups, spec);
        ObjectNode answer = Json.object().put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
        answer.putObject("metadata");
        answer.set("spec", spec.deepCopy());
        ObjectNode status = answer.putObject("status").put("allowed", allowed);
        if (allowed) {
            status.put("reason", "allowed by the local API's RBAC");
        }
        return answer;
    }

    private boolean allowedByRbac(String user, List<String> groups, JsonNode spec) {
        JsonNode resource = spec.path("resourceAttributes");
        String namespace = resource.path("namespace").asText("");
        List<ObjectNode> bindings = new ArrayList<>(store.list(type(RBAC, "clusterrolebindings"), null));
        if (!namespace.isEmpty()) {
            bindings.addAll(store.list(type(RBAC, "rolebindings"), namespace));
        }
        for (ObjectNode binding : bindings) {
            if (!names(binding, user, groups)) {
                continue;
            }
            for (JsonNode rule : rules(binding)) {
                if (spec.has("nonResourceAttributes") ? nonResourceRuleAllows(rule, spec.get("nonResourceAttributes"))
                        : resourceRuleAllows(rule, resource)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean names(ObjectNode binding, String user, List<String> groups) {
        String bindingNamespace = Json.text(binding, "metadata", "namespace");
        for (JsonNode subject : binding.path("subjects")) {
            String kind = subject.path("kind").asText();
            String name = subject.path("name").asText();
            boolean match = switch (kind) {
                case "User" -> name.equals(user);
                case "Group" -> groups.contains(name);
                case "ServiceAccount" -> user.equals("system:serviceaccount:"
                        + subject.path("namespace").asText(bindingNamespace == null ? "" : bindingNamespace) + ":" + name);
                default -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private JsonNode rules(ObjectNode binding) {
        JsonNode ref = binding.path("roleRef");
        String namespace = Json.text(binding, "metadata", "namespace");
        boolean cluster = ref.path("kind").asText().equals("ClusterRole");
        ResourceType roles = type(RBAC, cluster ? "clusterroles" : "roles");
        return store.get(roles, cluster ? null : namespace, ref.path("name").asText())
                .map(role -> role.path("rules")).orElse(Json.object().putArray("rules"));
    }

    private static boolean nonResourceRuleAllows(JsonNode rule, JsonNode attributes) {
        String path = attributes.path("path").asText();
        return contains(rule.path("verbs"), attributes.path("verb").asText()) && anyMatches(rule.path("nonResourceURLs"), path);
    }

    private static boolean resourceRuleAllows(JsonNode rule, JsonNode attributes) {
        String resource = attributes.path("resource").asText();
        String subresource = attributes.path("subresource").asText("");
        String name = attributes.path("name").asText("");
        return contains(rule.path("verbs"), attributes.path("verb").asText())
                && contains(rule.path("apiGroups"), attributes.path("group").asText(""))
                && contains(rule.path("resources"), subresource.isEmpty() ? resource : resource + "/" + subresource)
                && (rule.path("resourceNames").isEmpty() || contains(rule.path("resourceNames"), name));
    }

    /** Exact or `*`. */
    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals("*") || v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Non-resource URLs: exact, `*`, or a prefix ending in `*`. */
    private static boolean anyMatches(JsonNode urls, String path) {
        for (JsonNode u : urls) {
            String url = u.asText();
            if (url.equals("*") || url.equals(path) || url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private ResourceType type(String group, String plural) {
        return catalog.find(group, "v1", plural).orElseThrow();
    }
}
