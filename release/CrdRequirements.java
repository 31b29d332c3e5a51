package release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;

/** Custom resources a chart renders, the CRD each needs, and how to install it. */
final class CrdRequirements {
    private static final String GAIE_CRDS = "kubectl apply -f https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/latest/download/manifests.yaml";
    private static final Map<String, String> INSTALL_HINTS = Map.of(
            "inference.networking.k8s.io", GAIE_CRDS,
            "inference.networking.x-k8s.io", GAIE_CRDS,
            "monitoring.coreos.com", "install the Prometheus Operator (e.g. helm install prometheus-operator-crds prometheus-community/prometheus-operator-crds)",
            "networking.istio.io", "install Istio (istioctl install) or its CRDs",
            "networking.gke.io", "enable the GKE Gateway controller on the cluster",
            "monitoring.googleapis.com", "enable Google Cloud Managed Service for Prometheus on the cluster");

    private CrdRequirements() {}

    /** CRD name → how to install it, for every custom kind among the objects. */
    static Map<String, String> of(List<Map<String, Object>> objects) {
        var required = new LinkedHashMap<String, String>();
        for (var object : objects) {
            var ref = ObjectRef.of(object);
            String hint = INSTALL_HINTS.get(ref.group());
            if (hint != null) {
                required.putIfAbsent(plural(ref.kind()) + "." + ref.group(), hint);
            }
        }
        return required;
    }

    static String plural(String kind) {
        String lower = kind.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        if (lower.endsWith("s")) {
            return lower + "es";
        }
        return lower + "s";
    }
}
