package chart;

import static chart.TestValues.of;
import static chart.TestValues.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static Manifest everything() {
        return render("p", of("provider.name", "istio", "jaeger.enabled", true, "inferenceExtension.replicas", 2L,
                "inferenceExtension.monitoring.prometheus.enabled", true, "inferenceExtension.tracing.enabled", true));
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        assertEquals(everything().toYaml(), everything().toYaml());
    }

    @Test
    void eachObjectIsADocumentWithItsSource() {
        String yaml = render("p", of()).toYaml();
        assertTrue(yaml.startsWith("---\n# Source: inferencepool/templates/rbac.yaml\napiVersion: v1\nkind: ServiceAccount\n"), yaml);
        assertTrue(yaml.contains("---\n# Source: inferencepool/templates/inferencepool.yaml\napiVersion: inference.networking.k8s.io/v1\n"));
    }

    @Test
    void aStoredManifestReadsBackToTheSameObjects() {
        Manifest original = everything();
        Manifest parsed = Manifest.parse(original.toYaml());
        assertEquals(original.objects().size(), parsed.objects().size());
        assertEquals(List.of(), ObjectsByMeaning.differences(original.toYaml(), parsed.toYaml()));
        for (int i = 0; i < original.objects().size(); i++) {
            assertEquals(original.objects().get(i).sourceTemplate(), parsed.objects().get(i).sourceTemplate());
            assertEquals(original.objects().get(i).kindSlashName(), parsed.objects().get(i).kindSlashName());
        }
        assertEquals(original.toYaml(), parsed.toYaml(), "re-serialising a parsed manifest is stable");
    }

    @Test
    void parseSkipsEmptyDocumentsAndKeepsObjectsWithoutSource() {
        Manifest m = Manifest.parse("---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        assertEquals(1, m.objects().size());
        assertEquals("", m.objects().get(0).sourceTemplate());
        assertEquals("ConfigMap/c", m.objects().get(0).kindSlashName());
    }

    @Test
    void showOnlySelectsByKindAndNameOrByTemplateInManifestOrder() {
        Manifest m = everything();
        assertEquals(List.of("Service/p-epp", "Deployment/p-epp"),
                m.select(List.of("deployment/p-epp", "Service/p-epp")).objects().stream().map(RenderedObject::kindSlashName).toList());
        assertEquals(List.of("ServiceAccount/p-epp", "ClusterRole/p-default-epp", "ClusterRoleBinding/p-default-epp",
                        "Role/p-epp", "RoleBinding/p-epp"),
                m.select(List.of("templates/rbac.yaml")).objects().stream().map(RenderedObject::kindSlashName).toList());
        assertEquals(1, m.select(List.of("charts/jaeger/templates/allinone-sa.yaml")).objects().size());
    }

    @Test
    void showOnlyOfSomethingAbsentNamesItAndWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render("p", of()).select(List.of("Deployment/nope")));
        assertTrue(e.getMessage().contains("Deployment/nope matches no rendered object"), e.getMessage());
        assertTrue(e.getMessage().contains("Deployment/p-epp"), e.getMessage());
    }

    @Test
    void renderedObjectsNameThemselves() {
        RenderedObject pool = render("p", of()).objects().stream().filter(o -> o.kind().equals("InferencePool")).findFirst().orElseThrow();
        assertEquals("inference.networking.k8s.io/v1", pool.apiVersion());
        assertEquals("p", pool.name());
        assertEquals("default", pool.namespace());
        RenderedObject clusterRole = new RenderedObject("x", Map.of("kind", "ClusterRole", "metadata", Map.of("name", "c")));
        assertEquals("", clusterRole.namespace());
    }

    @Test
    void everyNamespacedObjectCarriesTheNamespace() {
        Manifest m = InferencePoolChart.render(new ReleaseInfo("p", "team-a", 1, true),
                TestValues.merged(of("provider.name", "istio", "jaeger.enabled", true)));
        for (RenderedObject o : m.objects()) {
            boolean clusterScoped = o.kind().startsWith("Cluster");
            assertEquals(clusterScoped ? "" : "team-a", o.namespace(), o.kindSlashName());
        }
    }
}
