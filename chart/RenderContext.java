package chart;

import java.util.Locale;
import java.util.Map;

/**
 * Everything a template reads: the release, the merged values and the names and labels derived
 * from them (chart.md "Names and labels").
 */
final class RenderContext {
    static final String DEFAULT_OTEL_ENDPOINT = "http://localhost:4317";

    private final ReleaseInfo release;
    private final ValueReader values;
    private final String chartVersion;

    RenderContext(ReleaseInfo release, Map<String, Object> mergedValues, String chartVersion) {
        this.release = release;
        this.values = new ValueReader(mergedValues);
        this.chartVersion = chartVersion;
    }

    ReleaseInfo release() {
        return release;
    }

    String releaseName() {
        return release.name();
    }

    String namespace() {
        return release.namespace();
    }

    ValueReader values() {
        return values;
    }

    /** E: the EPP's name, {@code <release lower/trim/cut 40>-epp}. */
    String eppName() {
        return shortName(release.name()) + "-epp";
    }

    /** C: the EPP's cluster-scoped RBAC name, {@code <release>-<namespace>-epp}, each part cut to 40. */
    String clusterRbacName() {
        return shortName(release.name()) + "-" + shortName(release.namespace()) + "-epp";
    }

    /** L: common labels, a fresh map each call. */
    Map<String, Object> commonLabels() {
        return K8s.map("app.kubernetes.io/name", eppName(), "app.kubernetes.io/version", chartVersion);
    }

    /** S: the EPP pods' selector labels, a fresh map each call. */
    Map<String, Object> selectorLabels() {
        return K8s.map("inferencepool", eppName());
    }

    String poolApiVersion() {
        return values.text("inferencePool.apiVersion");
    }

    /** The API group of the InferencePool, e.g. {@code inference.networking.k8s.io}. */
    String poolGroup() {
        String apiVersion = poolApiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(0, slash);
    }

    boolean poolIsV1Alpha2() {
        return poolApiVersion().endsWith("/v1alpha2");
    }

    /** provider.name, lower-cased like the reference chart. */
    String provider() {
        return values.text("provider.name").toLowerCase(Locale.ROOT);
    }

    /** The EPP's replica count; the reference treats 0 and absent as 1. */
    long replicas() {
        long replicas = values.integer("inferenceExtension.replicas", 1);
        return replicas < 1 ? 1 : replicas;
    }

    boolean highAvailability() {
        return replicas() > 1;
    }

    boolean prometheusEnabled() {
        return values.truthy("inferenceExtension.monitoring.prometheus.enabled");
    }

    boolean prometheusAuthEnabled() {
        return values.truthy("inferenceExtension.monitoring.prometheus.auth.enabled");
    }

    boolean tracingEnabled() {
        return values.truthy("inferenceExtension.tracing.enabled");
    }

    boolean jaegerEnabled() {
        return values.truthy("jaeger.enabled");
    }

    boolean jaegerAllInOneEnabled() {
        return jaegerEnabled() && values.truthy("jaeger.allInOne.enabled");
    }

    /** Where the EPP sends traces: the bundled Jaeger collector when Jaeger is on and no other endpoint is set. */
    String otelExporterEndpoint() {
        String configured = values.text("inferenceExtension.tracing.otelExporterEndpoint");
        boolean unset = configured.isEmpty() || configured.equals(DEFAULT_OTEL_ENDPOINT);
        if (jaegerEnabled() && unset) {
            JaegerNames jaeger = new JaegerNames(this);
            return "http://" + jaeger.collector() + ":" + jaeger.collectorOtlpGrpcPort();
        }
        return configured;
    }

    private static String shortName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).trim();
        return lower.length() > 40 ? lower.substring(0, 40) : lower;
    }
}
