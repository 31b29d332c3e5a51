package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain-HTTP watches (client-go's) as long polls: the events since a resourceVersion, then a bookmark. */
class HttpWatchTest extends LocalApiTest {

    @Test
    void aWatchFromAResourceVersionGetsLaterChangesThenABookmark() throws Exception {
        ConfigMap first = client.resource(cm("a", "app", "vllm")).create();
        String since = first.getMetadata().getResourceVersion();
        client.resource(cm("other", "app", "envoy")).create();
        client.configMaps().withName("a").edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
        client.resource(cm("b", "app", "vllm")).create();
        client.configMaps().withName("b").delete();

        List<JsonNode> events = watch("labelSelector=app+in+(vllm)&allowWatchBookmarks=true&resourceVersion=" + since);

        // net changes, not history: b was created and deleted since, so only its deletion shows

        assertEquals(List.of("MODIFIED a", "DELETED b", "BOOKMARK null"), events.stream()
                .map(e -> e.get("type").asText() + " " + e.at("/object/metadata/name").asText(null)).toList());
        long bookmark = events.get(2).at("/object/metadata/resourceVersion").asLong();
        assertEquals(List.of(), watch("allowWatchBookmarks=true&labelSelector=app%3Dvllm&resourceVersion=" + bookmark)
                .stream().filter(e -> !e.get("type").asText().equals("BOOKMARK")).toList());
    }

    @Test
    void aWatchWithoutResourceVersionStartsWithEverythingAdded() throws Exception {
        client.resource(cm("a", "app", "vllm")).create();

        List<JsonNode> events = watch("fieldSelector=metadata.name%3Da");

        assertEquals(1, events.size());
        assertEquals("ADDED", events.get(0).get("type").asText());
    }

    private List<JsonNode> watch(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.url() + "/api/v1/namespaces/default/configmaps?watch=true&" + query))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                events.add(new ObjectMapper().readTree(line));
            }
        }
        return events;
    }

    private static ConfigMap cm(String name, String label, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels(label, value).endMetadata().build();
    }
}
