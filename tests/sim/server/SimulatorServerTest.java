package sim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import epp.metrics.ExpositionParser;
import epp.metrics.MetricsExtractor;
import epp.metrics.ModelServerMetrics;
import epp.metrics.ScrapeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sim.engine.SimOptions;

/** The OpenAI API, SSE framing and /metrics of real simulated pods on loopback (latencies 0: no timing involved). */
class SimulatorServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static SimulatorHost host;
    private static RunningPod echo;
    private static RunningPod failing;

    static SimOptions instant() {
        SimOptions o = new SimOptions();
        o.prefillOverhead = Duration.ZERO;
        o.prefillTimePerToken = Duration.ZERO;
        o.prefillTimeStdDev = Duration.ZERO;
        o.interTokenLatency = Duration.ZERO;
        o.interTokenLatencyStdDev = Duration.ZERO;
        o.loraLoadTime = Duration.ZERO;
        return o;
    }

    @BeforeAll
    static void start() {
        host = SimulatorHost.create();
        SimOptions echoOptions = instant();
        echoOptions.mode = "echo";
        echoOptions.loraModules = new ArrayList<>(List.of("sql-lora=/adapters/sql", "{\"name\":\"tweet\",\"path\":\"/adapters/tweet\"}"));
        echoOptions.maxLoras = 2;
        SimOptions failingOptions = instant();
        failingOptions.failureInjectionRate = 100;
        failingOptions.failureTypes = List.of("rate_limit");
        failingOptions.dataParallelSize = 2;
        List<RunningPod> pods = host.start(List.of(new PodSpec("echo", "127.0.0.1", 0, echoOptions),
                new PodSpec("failing", "127.0.0.2", 0, failingOptions)));
        echo = pods.get(0);
        failing = pods.get(1);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> post(RunningPod pod, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pod.baseUrl() + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(RunningPod pod, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pod.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void modelsListsTheBaseModelAndItsAdapters() throws Exception {
        JsonNode models = JSON.readTree(get(echo, "/v1/models").body());
        assertEquals("list", models.get("object").asText());
        assertEquals(3, models.get("data").size());
        assertEquals(MODEL, models.get("data").get(0).get("id").asText());
        assertTrue(models.get("data").get(0).get("parent").isNull());
        assertEquals("sql-lora", models.get("data").get(1).get("id").asText());
        assertEquals("/adapters/sql", models.get("data").get(1).get("root").asText());
        assertEquals(MODEL, models.get("data").get(2).get("parent").asText());
    }

    @Test
    void healthAnswers200() throws Exception {
        assertEquals(200, get(echo, "/health").statusCode());
    }

    @Test
    void aCompletionEchoesThePromptWithUsage() throws Exception {
        var response = post(echo, "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Say this is a test\",\"max_tokens\":3}");
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("text_completion", body.get("object").asText());
        assertEquals("Say this is ", body.get("choices").get(0).get("text").asText());
        assertEquals("length", body.get("choices").get(0).get("finish_reason").asText());
        assertEquals(5, body.get("usage").get("prompt_tokens").asInt());
        assertEquals(3, body.get("usage").get("completion_tokens").asInt());
        assertEquals(8, body.get("usage").get("total_tokens").asInt());
    }

    @Test
    void aStreamedChatIsFramedAsVllmSendsIt() throws Exception {
        var response = post(echo, "/v1/chat/completions", "{\"model\":\"sql-lora\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String body = response.body();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        String[] events = body.split("\n\n");
        for (String event : events) {
            assertTrue(event.startsWith("data: ") && !event.contains("\n"), "one data line per event: " + event);
        }
        List<JsonNode> chunks = new ArrayList<>();
        for (int i = 0; i < events.length - 1; i++) {
            chunks.add(JSON.readTree(events[i].substring("data: ".length())));
        }
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        assertEquals("Hi t", chunks.get(1).at("/choices/0/delta/content").asText());
        assertEquals("here", chunks.get(2).at("/choices/0/delta/content").asText());
        JsonNode last = chunks.get(chunks.size() - 2);
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertEquals(0, usage.get("choices").size());
        assertEquals(2, usage.at("/usage/completion_tokens").asInt());
        assertEquals(usage.at("/usage/prompt_tokens").asInt() + 2, usage.at("/usage/total_tokens").asInt());
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals("sql-lora", chunk.get("model").asText());
            assertEquals(chunks.get(0).get("id"), chunk.get("id"));
        }
    }

    @Test
    void aStreamedCompletionWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        var response = post(echo, "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"abcdefgh\",\"stream\":true}");
        String[] events = response.body().split("\n\n");
        assertEquals(4, events.length, response.body());
        assertEquals("abcd", JSON.readTree(events[0].substring(6)).at("/choices/0/text").asText());
        assertEquals("efgh", JSON.readTree(events[1].substring(6)).at("/choices/0/text").asText());
        assertEquals("stop", JSON.readTree(events[2].substring(6)).at("/choices/0/finish_reason").asText());
        assertTrue(!response.body().contains("usage"));
        assertEquals("data: [DONE]", events[3]);
    }

    @Test
    void anUnknownModelIs404InOpenAisErrorShape() throws Exception {
        var response = post(echo, "/v1/completions", "{\"model\":\"gpt-9\",\"prompt\":\"x\"}");
        assertEquals(404, response.statusCode());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertEquals("The model `gpt-9` does not exist.", error.get("message").asText());
        assertEquals(404, error.get("code").asInt());
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        assertEquals(400, post(echo, "/v1/completions", "{not json").statusCode());
        assertEquals(400, post(echo, "/v1/chat/completions", "{\"model\":\"" + MODEL + "\"}").statusCode());
        var tooLong = post(echo, "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"max_tokens\":40000}");
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("maximum context length"));
    }

    @Test
    void injectedFailuresAnswerWithTheirStatusOnEveryRank() throws Exception {
        assertEquals(2, failing.ports().size());
        assertNotEquals(failing.ports().get(0), failing.ports().get(1));
        var response = post(failing, "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\"}");
        assertEquals(429, response.statusCode());
        assertEquals("RateLimitError", JSON.readTree(response.body()).at("/error/type").asText());
    }

    @Test
    void theEppsScraperReadsMetricsUnchanged() throws Exception {
        var response = get(echo, "/metrics");
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        var extractor = new MetricsExtractor(ScrapeConfig.defaults());
        var exposition = new ExpositionParser(extractor.familyNames()).parse(response.body());
        var result = extractor.extract(exposition, ModelServerMetrics.NEVER_SCRAPED, Instant.EPOCH);
        assertEquals(List.of(), result.errors());
        assertEquals(16, result.metrics().cacheBlockSize());
        assertEquals(0, result.metrics().waitingQueueSize());
        assertEquals(Set.of(), result.metrics().activeModels());
    }

    @Test
    void podsStopAndTheirNamesAreFreedAgain() throws Exception {
        RunningPod pod = host.start(new PodSpec("short-lived", "127.0.0.3", 0, instant()));
        assertEquals(200, get(pod, "/health").statusCode());
        host.stop("short-lived");
        assertThrows(java.io.IOException.class, () -> get(pod, "/health"));
        assertTrue(!host.podNames().contains("short-lived"));
        assertThrows(IllegalArgumentException.class, () -> new PodSpec("x", "10.0.0.1", 0, instant()));
    }
}
