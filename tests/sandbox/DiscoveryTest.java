package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What clients read before anything else: versions, groups, resources, and the shape of answers. */
class DiscoveryTest extends LocalApiTest {
    @Test
    void groupsListBuiltInsAndInferenceCrds() {
        List<String> groups = client.getApiGroups().getGroups().stream().map(APIGroup::getName).toList();

        assertTrue(groups.containsAll(List.of("apps", "rbac.authorization.k8s.io", "coordination.k8s.io",
                "apiextensions.k8s.io", "inference.networking.k8s.io", "inference.networking.x-k8s.io")), groups::toString);
        assertTrue(client.supports("apps/v1", "Deployment"));
        assertTrue(client.hasApiGroup("inference.networking.k8s.io", false));
        assertFalse(client.hasApiGroup("example.org", false));
    }

    @Test
    void resourcesCarryVerbsScopeAndStatusSubresources() {
        APIResourceList pools = client.getApiResources("inference.networking.k8s.io/v1");

        APIResource pool = find(pools, "inferencepools");
        assertTrue(pool.getNamespaced());
        assertEquals("InferencePool", pool.getKind());
        assertTrue(pool.getVerbs().containsAll(List.of("get", "list", "watch", "create", "patch", "delete")));
        assertEquals(List.of("get", "patch", "update"), find(pools, "inferencepools/status").getVerbs());
        assertEquals("InferenceObjective",
                find(client.getApiResources("inference.networking.x-k8s.io/v1alpha2"), "inferenceobjectives").getKind());
        assertFalse(find(client.getApiResources("v1"), "namespaces").getNamespaced());
        find(client.getApiResources("v1"), "pods/portforward");
    }

    @Test
    void aNewCrdAppearsInDiscovery() {
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFixtures.widgetCrd()).create();

        assertEquals("Widget", find(client.getApiResources("example.com/v1"), "widgets").getKind());
        assertTrue(client.supports("example.com/v1", "Widget"));
    }

    @Test
    void versionIsAKubernetesVersion() {
        assertEquals("1", client.getKubernetesVersion().getMajor());
        assertEquals("32", client.getKubernetesVersion().getMinor());
    }

    @Test
    void listsAreTypedAndAnswersAreJson() throws Exception {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();

        HttpResponse<String> list = get("/api/v1/namespaces/default/configmaps");
        HttpResponse<String> empty = get("/apis/apps/v1/deployments");
        HttpResponse<String> missing = get("/api/v1/namespaces/default/configmaps/absent");

        assertEquals("application/json", list.headers().firstValue("Content-Type").orElse(""));
        JsonNode listJson = new ObjectMapper().readTree(list.body());
        assertEquals("ConfigMapList", listJson.get("kind").asText());
        assertEquals("v1", listJson.get("apiVersion").asText());
        assertFalse(listJson.at("/metadata/resourceVersion").asText().isEmpty());
        assertEquals("DeploymentList", new ObjectMapper().readTree(empty.body()).get("kind").asText());
        assertEquals("apps/v1", new ObjectMapper().readTree(empty.body()).get("apiVersion").asText());
        assertEquals(404, missing.statusCode());
        assertEquals("application/json", missing.headers().firstValue("Content-Type").orElse(""));
        assertEquals("NotFound", new ObjectMapper().readTree(missing.body()).get("reason").asText());
    }

    @Test
    void openApiV3AnnouncesServerSideFieldValidation() throws Exception {
        JsonNode index = new ObjectMapper().readTree(get("/openapi/v3").body());
        String appsUrl = index.at("/paths/apis~1apps~1v1/serverRelativeURL").asText();

        JsonNode apps = new ObjectMapper().readTree(get(appsUrl).body());

        JsonNode patch = apps.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
        assertEquals("Deployment", patch.at("/x-kubernetes-group-version-kind/kind").asText(), apps::toString);
        assertTrue(patch.get("parameters").toString().contains("fieldValidation"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static APIResource find(APIResourceList list, String name) {
        return list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + list.getResources()));
    }
}
