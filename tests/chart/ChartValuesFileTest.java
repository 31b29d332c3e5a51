package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** chart/values.yaml and values.schema.json against the seed README's tables and jaeger.md. */
class ChartValuesFileTest {
    /** Every parameter of the seed README's tables with its documented default. */
    private static final Map<String, Object> DOCUMENTED_DEFAULTS = documented();

    private static Map<String, Object> documented() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("inferencePool.apiVersion", "inference.networking.k8s.io/v1");
        d.put("inferencePool.targetPortNumber", 8000L);
        d.put("inferencePool.modelServerType", "vllm");
        d.put("inferenceExtension.replicas", 1L);
        d.put("inferenceExtension.image.name", "epp");
        d.put("inferenceExtension.image.hub", "us-central1-docker.pkg.dev/k8s-staging-images/gateway-api-inference-extension");
        d.put("inferenceExtension.image.tag", "main");
        d.put("inferenceExtension.image.pullPolicy", "Always");
        d.put("inferenceExtension.env", List.of());
        d.put("inferenceExtension.extraContainerPorts", List.of());
        d.put("inferenceExtension.extraServicePorts", List.of());
        d.put("inferenceExtension.affinity", Map.of());
        d.put("inferenceExtension.tolerations", List.of());
        d.put("inferenceExtension.monitoring.interval", "10s");
        d.put("inferenceExtension.monitoring.prometheus.enabled", false);
        d.put("inferenceExtension.monitoring.gke.enabled", false);
        d.put("inferenceExtension.monitoring.prometheus.auth.enabled", true);
        d.put("inferenceExtension.monitoring.prometheus.auth.secretName", "inference-gateway-sa-metrics-reader-secret");
        d.put("inferenceExtension.monitoring.prometheus.extraLabels", Map.of());
        d.put("inferenceExtension.pluginsCustomConfig", Map.of());
        d.put("inferenceExtension.tracing.enabled", false);
        d.put("inferenceExtension.tracing.otelExporterEndpoint", "http://localhost:4317");
        d.put("inferenceExtension.tracing.sampling.sampler", "parentbased_traceidratio");
        d.put("inferenceExtension.tracing.sampling.samplerArg", "0.1");
        d.put("provider.name", "none");
        d.put("provider.gke.autopilot", false);
        d.put("gke.monitoringSecret.name", "inference-gateway-sa-metrics-reader-secret");
        d.put("gke.monitoringSecret.namespace", "default");
        d.put("istio.destinationRule.host", "");
        d.put("jaeger.enabled", false);
        d.put("jaeger.allInOne.enabled", true);
        d.put("jaeger.allInOne.image.repository", "jaegertracing/all-in-one");
        d.put("jaeger.allInOne.image.tag", "1.62");
        d.put("jaeger.allInOne.resources.limits", Map.of("cpu", "500m", "memory", "512Mi"));
        d.put("jaeger.allInOne.resources.requests", Map.of("cpu", "100m", "memory", "128Mi"));
        d.put("jaeger.query.service.type", "ClusterIP");
        d.put("jaeger.query.service.port", 16686L);
        d.put("jaeger.collector.service.otlp.grpc.port", 4317L);
        d.put("jaeger.storage.type", "memory");
        return d;
    }

    @Test
    void everyDocumentedValueHasItsDocumentedDefault() {
        ValueReader defaults = new ValueReader(InferencePoolChart.defaultValues());
        List<String> wrong = new ArrayList<>();
        DOCUMENTED_DEFAULTS.forEach((path, expected) -> {
            Object actual = defaults.get(path);
            boolean same = expected instanceof Long n
                    ? ValueText.integer(actual).filter(n::equals).isPresent()
                    : expected.equals(actual);
            if (!same) {
                wrong.add(path + " = " + actual + ", documented " + expected);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void documentedValuesWithoutDefaultsAreKnownKeys() {
        Map<String, Object> user = TestValues.of("istio.destinationRule.trafficPolicy.connectionPool.http.maxRetries", 3L);
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of(), InferencePoolChart.validate("p", TestValues.merged(user), true, warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void theDefaultsAreValidAndKnownUnderStrict() {
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of(), InferencePoolChart.validate("p", TestValues.merged(TestValues.of()), true, warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void jaegerSubChartDefaultsTheParentSets() {
        ValueReader defaults = new ValueReader(InferencePoolChart.defaultValues());
        for (String off : List.of("jaeger.provisionDataStore.cassandra", "jaeger.provisionDataStore.elasticsearch",
                "jaeger.provisionDataStore.kafka", "jaeger.agent.enabled", "jaeger.collector.enabled", "jaeger.query.enabled")) {
            assertEquals(false, defaults.get(off), off);
        }
        assertEquals("IfNotPresent", defaults.get("jaeger.allInOne.image.pullPolicy"));
    }

    @Test
    void defaultValuesAreAFreshCopyEachCall() {
        Map<String, Object> first = InferencePoolChart.defaultValues();
        TestValues.put(first, "provider.name", "gke");
        assertEquals("none", new ValueReader(InferencePoolChart.defaultValues()).get("provider.name"));
        assertNotSame(first, InferencePoolChart.defaultValues());
        assertTrue(InferencePoolChart.version().equals(common.ProjectVersion.VERSION));
    }
}
