package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindOrderTest {
    private static RenderedObject o(String kind, String name) {
        return new RenderedObject("t", Map.of("kind", kind, "metadata", Map.of("name", name)));
    }

    private static List<String> names(List<RenderedObject> objects) {
        return objects.stream().map(RenderedObject::kindSlashName).toList();
    }

    private final List<RenderedObject> mixed = List.of(
            o("ServiceMonitor", "m"), o("Deployment", "d"), o("InferencePool", "p"), o("Service", "s2"),
            o("ConfigMap", "c"), o("DestinationRule", "r"), o("Service", "s1"), o("ServiceAccount", "a"),
            o("HTTPRoute", "h"), o("Secret", "x"), o("ClusterRole", "cr"), o("RoleBinding", "rb"));

    @Test
    void installFollowsHelmsListThenUnknownKindsAlphabeticallyKeepingOrderWithinAKind() {
        assertEquals(List.of("ServiceAccount/a", "Secret/x", "ConfigMap/c", "ClusterRole/cr", "RoleBinding/rb",
                        "Service/s2", "Service/s1", "Deployment/d",
                        "DestinationRule/r", "HTTPRoute/h", "InferencePool/p", "ServiceMonitor/m"),
                names(KindOrder.installOrder(mixed)));
    }

    @Test
    void uninstallReversesTheListButUnknownKindsStillComeLast() {
        assertEquals(List.of("Deployment/d", "Service/s2", "Service/s1", "RoleBinding/rb", "ClusterRole/cr",
                        "ConfigMap/c", "Secret/x", "ServiceAccount/a",
                        "DestinationRule/r", "HTTPRoute/h", "InferencePool/p", "ServiceMonitor/m"),
                names(KindOrder.uninstallOrder(mixed)));
    }

    @Test
    void aRenderComesOutInInstallOrderWithJaegerFilesFirstWithinAKind() {
        Manifest m = TestValues.render("p", TestValues.of("jaeger.enabled", true, "inferenceExtension.tracing.enabled", true));
        assertEquals(List.of("ServiceAccount/p-jaeger", "ServiceAccount/p-epp", "ConfigMap/p-epp",
                        "ClusterRole/p-default-epp", "ClusterRoleBinding/p-default-epp", "Role/p-epp", "RoleBinding/p-epp",
                        "Service/p-jaeger-agent", "Service/p-jaeger-collector", "Service/p-jaeger-query", "Service/p-epp",
                        "Deployment/p-jaeger", "Deployment/p-epp", "InferencePool/p"),
                names(m.objects()));
    }
}
