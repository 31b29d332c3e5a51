package chart;

import static chart.TestValues.args;
import static chart.TestValues.at;
import static chart.TestValues.object;
import static chart.TestValues.of;
import static chart.TestValues.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Render rules of chart.md and jaeger.md that the golden fixtures do not pin down. */
class RenderTest {
    @Test
    void tracingSwitchIsOneArgumentSoGoFlagParsingContinues() {
        assertTrue(args(render("p", of()), "p-epp").contains("--tracing=false"));
        List<Object> on = args(render("p", of("inferenceExtension.tracing.enabled", true)), "p-epp");
        assertTrue(on.contains("--tracing=true"));
        assertFalse(on.contains("--tracing"));
    }

    @Test
    void flagsComeInFlagNameOrderWithValuesPrintedAsGoPrintsThem() {
        Manifest m = render("p", of("inferenceExtension.flags.zeta", 3.0, "inferenceExtension.flags.alpha", true,
                "inferenceExtension.flags.v", 2L, "inferenceExtension.flags.ratio", 0.25));
        List<Object> args = args(m, "p-epp");
        int alpha = args.indexOf("--alpha=true");
        assertEquals(List.of("--alpha=true", "--ratio=0.25", "--v=2", "--zeta=3"), args.subList(alpha, alpha + 4));
    }

    @Test
    void numbersFromValuesFilesRenderAsIntegers() {
        Manifest m = render("p", of("inferenceExtension.replicas", 2.0, "inferenceExtension.extProcPort", 9100.0,
                "inferenceExtension.extraServicePorts", List.of(Map.of("name", "zmq", "port", 5557.0))));
        assertEquals(2L, at(object(m, "Deployment", "p-epp"), "spec.replicas"));
        assertEquals(9100L, at(object(m, "Service", "p-epp"), "spec.ports[0].port"));
        assertEquals(5557L, at(object(m, "Service", "p-epp"), "spec.ports[2].port"));
        assertEquals(9100L, at(object(m, "InferencePool", "p"), "spec.endpointPickerRef.port.number"));
    }

    @Test
    void replicasFromSetStringAreReadAsTheTemplateReadsThem() {
        Manifest m = render("p", of("inferenceExtension.replicas", "3"));
        assertEquals(3L, at(object(m, "Deployment", "p-epp"), "spec.replicas"));
        assertTrue(args(m, "p-epp").contains("--ha-enable-leader-election"));
    }

    @Test
    void targetPortNumberIsTheV1TargetPortWhenTargetPortsIsNotGiven() {
        Manifest m = render("p", of("inferencePool.targetPortNumber", 8080L));
        assertEquals(List.of(Map.of("number", 8080L)), at(object(m, "InferencePool", "p"), "spec.targetPorts"));
        Manifest both = render("p", of("inferencePool.targetPortNumber", 8080L,
                "inferencePool.targetPorts", List.of(Map.of("number", 9000L), Map.of("number", 9001.0))));
        assertEquals(List.of(Map.of("number", 9000L), Map.of("number", 9001L)),
                at(object(both, "InferencePool", "p"), "spec.targetPorts"));
    }

    @Test
    void matchLabelValuesAreStrings() {
        Manifest m = render("p", of("inferencePool.modelServers.matchLabels.version", 2L,
                "inferencePool.modelServers.matchLabels.gpu", true));
        assertEquals(Map.of("app", "m", "version", "2", "gpu", "true"),
                at(object(m, "InferencePool", "p"), "spec.selector.matchLabels"));
    }

    @Test
    void eppNameIsTheLowerCasedReleaseCutTo40() {
        String release = "a".repeat(45);
        Manifest m = render(release, of());
        String epp = "a".repeat(40) + "-epp";
        object(m, "Deployment", epp);
        object(render("My-Pool", of()), "Deployment", "my-pool-epp");
        assertEquals("a".repeat(40) + "-default-epp", m.objects().stream()
                .filter(o -> o.kind().equals("ClusterRole")).findFirst().orElseThrow().name());
    }

    @Test
    void jaegerNamesKeepTheJaegerPartEvenWhenTheReleaseContainsIt() {
        Manifest m = render("jaeger-demo", of("jaeger.enabled", true, "inferenceExtension.tracing.enabled", true));
        object(m, "Deployment", "jaeger-demo-jaeger");
        object(m, "Service", "jaeger-demo-jaeger-collector");
        object(m, "Service", "jaeger-demo-jaeger-query");
        object(m, "Service", "jaeger-demo-jaeger-agent");
        assertTrue(env(m, "jaeger-demo-epp").contains(
                Map.of("name", "OTEL_EXPORTER_OTLP_ENDPOINT", "value", "http://jaeger-demo-jaeger-collector:4317")));
    }

    @Test
    void jaegerQueryServiceTypeAndPortAreHonoured() {
        Manifest m = render("p", of("jaeger.enabled", true, "jaeger.query.service.type", "NodePort",
                "jaeger.query.service.port", 8080L));
        Map<String, Object> query = object(m, "Service", "p-jaeger-query");
        assertEquals("NodePort", at(query, "spec.type"));
        assertFalse(((Map<?, ?>) query.get("spec")).containsKey("clusterIP"), "no longer headless");
        assertEquals(Map.of("name", "http-query", "port", 8080L, "targetPort", 16686L), at(query, "spec.ports[0]"));
    }

    @Test
    void jaegerCollectorOtlpGrpcPortIsHonouredAndFollowedByTheEpp() {
        Manifest m = render("p", of("jaeger.enabled", true, "inferenceExtension.tracing.enabled", true,
                "jaeger.collector.service.otlp.grpc.port", 14317L));
        Map<String, Object> collector = object(m, "Service", "p-jaeger-collector");
        assertEquals(Map.of("name", "otlp-grpc", "port", 14317L, "targetPort", 4317L, "appProtocol", "grpc"),
                at(collector, "spec.ports[4]"));
        assertTrue(env(m, "p-epp").contains(Map.of("name", "OTEL_EXPORTER_OTLP_ENDPOINT", "value", "http://p-jaeger-collector:14317")));
    }

    @Test
    void jaegerCutsLongNamesTo63AndTheEppFollowsTheRealCollectorName() {
        String release = "r".repeat(53);
        Manifest m = render(release, of("jaeger.enabled", true, "inferenceExtension.tracing.enabled", true));
        String collector = (release + "-jaeger-collector").substring(0, 63);
        object(m, "Service", collector);
        String epp = "r".repeat(40) + "-epp";
        assertTrue(env(m, epp).contains(Map.of("name", "OTEL_EXPORTER_OTLP_ENDPOINT", "value", "http://" + collector + ":4317")));
    }

    @Test
    void jaegerImageUsesRegistryDigestAndFallbackTag() {
        Manifest m = render("p", of("jaeger.enabled", true, "jaeger.allInOne.image.tag", "", "global.imageRegistry", "mirror.io"));
        assertEquals("mirror.io/jaegertracing/all-in-one:1.53.0",
                at(object(m, "Deployment", "p-jaeger"), "spec.template.spec.containers[0].image"));
        Manifest digest = render("p", of("jaeger.enabled", true, "jaeger.allInOne.image.digest", "sha256:abc"));
        assertEquals("jaegertracing/all-in-one@sha256:abc",
                at(object(digest, "Deployment", "p-jaeger"), "spec.template.spec.containers[0].image"));
        Manifest fileTag = render("p", of("jaeger.enabled", true, "jaeger.allInOne.image.tag", 1.6));
        assertEquals("jaegertracing/all-in-one:1.6",
                at(object(fileTag, "Deployment", "p-jaeger"), "spec.template.spec.containers[0].image"));
    }

    @Test
    void jaegerExtraEnvSurroundsTheStorageType() {
        Manifest m = render("p", of("jaeger.enabled", true,
                "jaeger.allInOne.extraEnv", List.of(Map.of("name", "A", "value", "1")),
                "jaeger.storage.memory.extraEnv", List.of(Map.of("name", "MEMORY_MAX_TRACES", "value", "50000"))));
        @SuppressWarnings("unchecked")
        List<Object> env = (List<Object>) at(object(m, "Deployment", "p-jaeger"), "spec.template.spec.containers[0].env");
        assertEquals(List.of("A", "SPAN_STORAGE_TYPE", "MEMORY_MAX_TRACES", "COLLECTOR_ZIPKIN_HOST_PORT",
                "JAEGER_DISABLED", "COLLECTOR_OTLP_ENABLED"), env.stream().map(e -> ((Map<?, ?>) e).get("name")).toList());
    }

    @Test
    void jaegerOffRendersNoJaegerObjectsAndAllInOneOffRendersNone() {
        assertTrue(render("p", of()).objects().stream().noneMatch(o -> o.name().contains("jaeger")));
        assertTrue(render("p", of("jaeger.enabled", true, "jaeger.allInOne.enabled", false)).objects().stream()
                .noneMatch(o -> o.name().contains("jaeger")));
    }

    @Test
    void gkeMonitoringObjectsComeWithPrometheusAuthOrTheDeprecatedSwitch() {
        Manifest m = render("p", of("provider.name", "GKE", "inferenceExtension.monitoring.prometheus.enabled", true,
                "provider.gke.autopilot", true));
        assertEquals(Map.of("name", "p-metrics-reader-sa", "namespace", "default"),
                object(m, "ServiceAccount", "p-metrics-reader-sa").get("metadata"), "no labels, as the reference chart's");
        object(m, "Secret", "p-metrics-reader-secret");
        object(m, "PodMonitoring", "p");
        object(m, "ClusterRole", "default-p-metrics-reader");
        object(m, "ClusterRoleBinding", "default-p-metrics-reader-role-binding");
        object(m, "Role", "p-metrics-reader-secret-read");
        Map<String, Object> binding = object(m, "RoleBinding", "gke-gmp-system:collector:default-p-metrics-reader-secret-read");
        assertEquals(Map.of("kind", "ServiceAccount", "name", "collector", "namespace", "gke-gmp-system"), at(binding, "subjects[0]"));
        assertTrue(m.objects().stream().noneMatch(o -> o.kind().equals("ServiceMonitor")), "no ServiceMonitor on gke");
        assertTrue(m.objects().stream().noneMatch(o -> o.name().equals("inference-gateway-sa-metrics-reader-secret")));

        Manifest deprecated = render("p", of("provider.name", "gke", "inferenceExtension.monitoring.gke.enabled", true));
        object(deprecated, "RoleBinding", "gmp-system:collector:default-p-metrics-reader-secret-read");
        assertTrue(render("p", of("provider.name", "gke")).objects().stream().noneMatch(o -> o.kind().equals("PodMonitoring")));
    }

    @Test
    void istioDestinationRuleTakesHostAndConnectionPool() {
        Manifest m = render("p", of("provider.name", "istio", "istio.destinationRule.host", "epp.example",
                "istio.destinationRule.trafficPolicy.connectionPool", Map.of("http", Map.of("maxRequestsPerConnection", 256000.0))));
        Map<String, Object> rule = object(m, "DestinationRule", "p-epp");
        assertEquals("epp.example", at(rule, "spec.host"));
        assertEquals(Map.of("http", Map.of("maxRequestsPerConnection", 256000L)), at(rule, "spec.trafficPolicy.connectionPool"));
    }

    @Test
    void prometheusWithoutAuthHasNoSecretAndNoCredentials() {
        Manifest m = render("p", of("inferenceExtension.monitoring.prometheus.enabled", true,
                "inferenceExtension.monitoring.prometheus.auth.enabled", false));
        assertTrue(m.objects().stream().noneMatch(o -> o.kind().equals("Secret")));
        Map<String, Object> monitor = object(m, "ServiceMonitor", "p-epp-monitor");
        assertFalse(((Map<?, ?>) at(monitor, "spec.endpoints[0]")).containsKey("authorization"));
        assertFalse(args(m, "p-epp").contains("--metrics-endpoint-auth=false"));
    }

    @Test
    void affinityAndTolerationsAppearOnlyWhenGiven() {
        Map<String, Object> plain = object(render("p", of()), "Deployment", "p-epp");
        assertFalse(((Map<?, ?>) at(plain, "spec.template.spec")).containsKey("affinity"));
        Manifest m = render("p", of("inferenceExtension.tolerations", List.of(Map.of("key", "gpu", "operator", "Exists"))));
        assertEquals(List.of(Map.of("key", "gpu", "operator", "Exists")),
                at(object(m, "Deployment", "p-epp"), "spec.template.spec.tolerations"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> env(Manifest m, String epp) {
        return (List<Object>) at(object(m, "Deployment", epp), "spec.template.spec.containers[0].env");
    }
}
