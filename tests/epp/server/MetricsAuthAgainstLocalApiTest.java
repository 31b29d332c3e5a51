package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sandbox.LocalKubernetesApi;

/**
 * Issue 12: `/metrics` auth end to end against the local API, which issues ServiceAccount tokens
 * and answers TokenReview and SubjectAccessReview from its RBAC objects, as a cluster does for the
 * chart's metrics-reader role: no or a foreign token 401, a token without the role 403, with it 200.
 */
class MetricsAuthAgainstLocalApiTest {
    private LocalKubernetesApi api;
    private MetricsHttpServer metrics;

    @BeforeEach
    void start() throws Exception {
        api = LocalKubernetesApi.start();
        KubernetesClient client = api.client();
        for (String account : new String[] {"prometheus", "someone-else"}) {
            client.serviceAccounts().inNamespace("default")
                    .resource(new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build()).create();
        }
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("epp-metrics-reader").endMetadata()
                .addNewRule().withNonResourceURLs("/metrics").withVerbs("get").endRule().build()).create();
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("epp-metrics-reader")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "epp-metrics-reader")
                .addNewSubject().withKind("ServiceAccount").withName("prometheus").withNamespace("default").endSubject().build()).create();
        metrics = MetricsHttpServer.start(0, new PrometheusRegistry(), new KubernetesMetricsAuthenticator(client, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.close();
        }
        api.close();
    }

    private String token(String account) {
        return api.client().serviceAccounts().inNamespace("default").withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }

    private int get(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTokenTheApiIssuedWithTheRoleGetsTheMetrics() throws Exception {
        assertEquals(200, get("Bearer " + token("prometheus")));
    }

    @Test
    void aTokenTheApiIssuedWithoutTheRoleIsForbidden() throws Exception {
        assertEquals(403, get("Bearer " + token("someone-else")));
    }

    @Test
    void noTokenOrOneTheApiNeverIssuedIsUnauthorized() throws Exception {
        assertEquals(401, get(null));
        assertEquals(401, get("Bearer made-up"));
    }
}
