package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `--metrics-endpoint-auth` (§7.4) against a mock API server answering TokenReview and SubjectAccessReview. */
class KubernetesMetricsAuthenticatorTest {
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private KubernetesMockServer api;
    private KubernetesClient client;
    private MetricsHttpServer metrics;

    @BeforeEach
    void start() throws Exception {
        api = new KubernetesMockServer(false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        // As the EPP builds its review client: no retries, so a failing review answers 500 at once.
        try (KubernetesClient base = api.createClient()) {
            client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                    base.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        }
        metrics = MetricsHttpServer.start(0, new PrometheusRegistry(), new KubernetesMetricsAuthenticator(client, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        metrics.close();
        client.close();
        api.destroy();
    }

    private void tokenReviewSays(boolean authenticated) {
        api.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder().withNewStatus()
                .withAuthenticated(authenticated).withNewUser().withUsername("system:serviceaccount:monitoring:prometheus")
                .withGroups("system:serviceaccounts").endUser().endStatus().build()).always();
    }

    private void accessReviewSays(boolean allowed) {
        api.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SubjectAccessReviewBuilder().withNewStatus()
                .withAllowed(allowed).endStatus().build()).always();
    }

    private int get(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void noTokenIsUnauthorized() throws Exception {
        assertEquals(401, get(null));
        assertEquals(401, get("Basic abc"));
    }

    @Test
    void authenticatedAndAllowedTokenGetsTheMetrics() throws Exception {
        tokenReviewSays(true);
        accessReviewSays(true);
        assertEquals(200, get("Bearer good"));
    }

    @Test
    void unauthenticatedTokenIsUnauthorized() throws Exception {
        tokenReviewSays(false);
        assertEquals(401, get("Bearer bad"));
    }

    @Test
    void deniedUserIsForbidden() throws Exception {
        tokenReviewSays(true);
        accessReviewSays(false);
        assertEquals(403, get("Bearer good"));
    }

    @Test
    void failingReviewIsAServerError() throws Exception {
        api.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, "boom").always();
        assertEquals(500, get("Bearer any"));
    }
}
