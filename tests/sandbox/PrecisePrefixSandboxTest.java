package sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import epp.metrics.ExpositionParser;
import epp.metrics.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sandbox.inference.InferenceSandbox;
import sandbox.inference.PrecisePrefixCache;
import sandbox.inference.SandboxOptions;

/**
 * The sandbox's precise prefix-cache mode end to end: a prompt served by a pod directly (the gateway
 * and the EPP never see it) reaches the EPP only as that pod's KV events, so a request through the
 * gateway sharing its prefix lands on that pod only if the EPP's precise-prefix-cache-scorer decoded
 * them and hashed the request's tokens as the simulator did. The approximate scorer, which remembers
 * only where it routed, cannot do this.
 */
class PrecisePrefixSandboxTest {
    private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static final List<String> WORDS = List.of(("the cat and hat sat on mat to sing a song of sea stars in night "
            + "that sailors port north when ships return").split(" "));
    private static final String LONG_TEXT = ("the cat and the hat sat on the mat to sing a song of the sea and the stars "
            + "in the night that the sailors sing in the port of the north when the ships return ").repeat(3);
    private static final int WARM_UP_ATTEMPTS = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InferenceSandbox sandbox;
    private static int prompts;

    @BeforeAll
    static void start() throws Exception {
        sandbox = InferenceSandbox.start(SandboxOptions.defaults().modelServers(4)
                .precisePrefixCache(PrecisePrefixCache.TINY_TOKENIZER)
                .log(new PrintStream(new ByteArrayOutputStream(), true)));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aPrefixServedDirectlyByAPodRoutesTheNextRequestSharingItToThatPod() throws Exception {
        Map<String, String> endpoints = sandbox.modelServerEndpoints();
        // ZMQ drops what a PUB socket sends before the EPP's subscription reaches it, and nothing outside
        // the EPP tells when it has: per pod, serve prompts directly until one routes back to it.
        for (String pod : endpoints.keySet()) {
            awaitRoutedBack(pod, endpoints.get(pod));
        }

        // Subscribed to every pod: each pod's directly served prefix now brings the next request to it,
        // and that pod's prefix cache serves it.
        List<String> landed = new ArrayList<>();
        for (String pod : endpoints.keySet()) {
            String prompt = uniquePrompt();
            assertEquals(200, direct(endpoints.get(pod), prompt).statusCode());
            double hitsBefore = prefixCacheHits(endpoints.get(pod));
            HttpResponse<String> routed = throughGateway(prompt + " and the ships sing");
            assertEquals(200, routed.statusCode(), routed::body);
            landed.add(servingPod(routed));
            if (servingPod(routed).equals(pod)) {
                double hitsAfter = prefixCacheHits(endpoints.get(pod));
                assertTrue(hitsAfter - hitsBefore >= 16 * 3, () -> pod + "'s prefix-cache hits rose by " + (hitsAfter - hitsBefore) + " tokens");
            }
        }
        assertEquals(List.copyOf(endpoints.keySet()), landed, "the pods that served the shared prefixes directly");
    }

    private static void awaitRoutedBack(String pod, String endpoint) throws Exception {
        for (int attempt = 0; attempt < WARM_UP_ATTEMPTS; attempt++) {
            String prompt = uniquePrompt();
            assertEquals(200, direct(endpoint, prompt).statusCode());
            if (servingPod(throughGateway(prompt + " and the stars")).equals(pod)) {
                return;
            }
        }
        fail("no request sharing a prefix " + pod + " served came back to it in " + WARM_UP_ATTEMPTS + " attempts: "
                + "the EPP does not follow its KV events (see " + sandbox.eppLog(sandbox.eppPods().get(0)) + ")");
    }

    /** A long prompt whose first block differs from every other's: a tag of vocabulary words, then shared text. */
    private static String uniquePrompt() {
        int n = prompts++;
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            tag.append(WORDS.get(n % WORDS.size())).append(' ');
            n /= WORDS.size();
        }
        return tag + LONG_TEXT;
    }

    private static String servingPod(HttpResponse<String> response) {
        return response.headers().firstValue("x-pool-endpoint").orElseThrow().split(" ")[0];
    }

    private static HttpResponse<String> direct(String endpoint, String prompt) throws Exception {
        return post("http://" + endpoint + "/v1/completions", prompt);
    }

    private static HttpResponse<String> throughGateway(String prompt) throws Exception {
        return post(sandbox.gatewayUrl() + "/v1/completions", prompt);
    }

    private static HttpResponse<String> post(String url, String prompt) throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt + "\",\"max_tokens\":2}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double prefixCacheHits(String endpoint) throws Exception {
        String exposition = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String hits = "vllm:prefix_cache_hits_total";
        List<Sample> samples = new ExpositionParser(List.of(hits)).parse(exposition).family(hits);
        return samples == null ? 0 : samples.stream().mapToDouble(Sample::value).sum();
    }
}
