package epp.metrics;

import static epp.metrics.MetricsScraperTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import epp.datastore.Endpoint;
import epp.datastore.KubernetesDatastore;
import epp.datastore.ModelServerMetrics;
import epp.testing.MetricsServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: pods of a pool (mock Kubernetes API) whose IPs are loopback addresses, each with a
 * model-server stand-in on the pool's target port; the datastore drives the scraper.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PoolScrapeTest {
    private static final String NS = "serving";

    KubernetesClient client;

    @Test
    void podsOfThePoolAreScrapedUntilTheyGoAndAVanishedServerKeepsItsLastSnapshot() throws Exception {
        List<MetricsServer> servers = MetricsServer.onOnePort("127.0.0.2", "127.0.0.3");
        try (MetricsServer a = servers.get(0).serve(MetricsServer.vllm(3, 0.1));
             MetricsServer b = servers.get(1).serve(MetricsServer.vllm(5, 0.2));
             KubernetesDatastore datastore = new KubernetesDatastore(client, "pool", NS, "inference.networking.k8s.io");
             MetricsScraper scraper = new MetricsScraper(MetricsScraperTest.fastConfig())) {
            createPool(a.port());
            createPod("a", "127.0.0.2");
            createPod("b", "127.0.0.3");
            datastore.start(Duration.ofSeconds(30));
            datastore.addListener(scraper);

            await(() -> queue(datastore, "a") == 3 && queue(datastore, "b") == 5, "both pods scraped");

            a.serve(MetricsServer.vllm(9, 0.7));
            await(() -> queue(datastore, "a") == 9, "a's new queue");
            assertEquals(0.7, endpoint(datastore, "a").metrics().kvCacheUsagePercent());

            b.close();
            long failuresBefore = scraper.counters().failures();
            await(() -> scraper.counters().failures() > failuresBefore, "b's first failed scrape");
            ModelServerMetrics lastOfB = endpoint(datastore, "b").metrics();
            long failed = scraper.counters().failures();
            a.serve(MetricsServer.vllm(11, 0.7));
            await(() -> queue(datastore, "a") == 11 && scraper.counters().failures() >= failed + 2,
                    "a keeps being scraped while b fails");
            assertSame(lastOfB, endpoint(datastore, "b").metrics());
            assertEquals(5, lastOfB.waitingQueueSize());

            client.pods().inNamespace(NS).withName("b").delete();
            await(() -> scraper.loopCount() == 1 && datastore.endpoints().size() == 1, "b's loop stopped");
        }
    }

    private static int queue(KubernetesDatastore datastore, String pod) {
        Endpoint e = endpoint(datastore, pod);
        return e == null ? -1 : e.metrics().waitingQueueSize();
    }

    private static Endpoint endpoint(KubernetesDatastore datastore, String pod) {
        return datastore.endpoints().stream().filter(e -> e.id().podName().equals(pod)).findFirst().orElse(null);
    }

    private void createPool(int port) {
        var context = new ResourceDefinitionContext.Builder().withGroup("inference.networking.k8s.io")
                .withVersion("v1").withKind("InferencePool").withPlural("inferencepools").withNamespaced(true).build();
        client.genericKubernetesResources(context).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("inference.networking.k8s.io/v1").withKind("InferencePool")
                .withNewMetadata().withName("pool").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "vllm")),
                        "targetPorts", List.of(Map.of("number", port))))
                .build()).create();
    }

    private void createPod(String name, String ip) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).withLabels(Map.of("app", "vllm")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm").endContainer().endSpec()
                .build()).create();
        pod.setStatus(new PodStatusBuilder().withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }
}
