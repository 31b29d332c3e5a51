package release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import values.Coalesce;

/**
 * A small chart for action tests: a ConfigMap, a Deployment with `replicas` (leader-elected above 1), an InferencePool
 * selecting `matchLabels` (required), a Service only when `extraService` is true, and Jaeger's query
 * Service when `jaeger.enabled`.
 */
public final class TestChart implements ReleaseChart {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Override
    public Map<String, Object> record() {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", "testchart");
        meta.put("version", "0.1.0");
        meta.put("apiVersion", "v2");
        meta.put("appVersion", "1.0");
        return Release.chartRecord(meta, defaultValues());
    }

    @Override
    public Map<String, Object> defaultValues() {
        return new LinkedHashMap<>(Map.of("replicas", 1, "matchLabels", Map.of()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Rendered render(String release, String namespace, int revision, boolean isInstall, Map<String, Object> user, List<String> warnings) {
        Map<String, Object> values = Coalesce.coalesce(defaultValues(), user, warnings);
        var problems = new ArrayList<String>();
        if (!(values.get("matchLabels") instanceof Map<?, ?> m) || m.isEmpty()) {
            problems.add("matchLabels: is required; set it with --set matchLabels.app=<label>");
        }
        if (!(values.get("replicas") instanceof Number n) || n.intValue() < 1) {
            problems.add("replicas: " + values.get("replicas") + " is not an integer >= 1");
        }
        if (!problems.isEmpty()) {
            throw new ChartProblemsException(problems);
        }
        var objects = new ArrayList<Map<String, Object>>();
        objects.add(object("v1", "ConfigMap", release + "-config", namespace, Map.of("data", Map.of("revision", Integer.toString(revision)))));
        if (Boolean.TRUE.equals(values.get("extraService"))) {
            objects.add(object("v1", "Service", release + "-extra", namespace, Map.of("spec", Map.of("ports", List.of(Map.of("port", 80))))));
        }
        if (values.get("jaeger") instanceof Map<?, ?> jaeger && Boolean.TRUE.equals(jaeger.get("enabled"))) {
            objects.add(object("v1", "Service", release + "-jaeger-query", namespace, Map.of("spec", Map.of(
                    "selector", Map.of("app.kubernetes.io/instance", release, "app.kubernetes.io/component", "all-in-one"),
                    "ports", List.of(Map.of("name", "http-query", "port", 16686, "targetPort", 16686))))));
        }
        objects.add(object("apps/v1", "Deployment", release + "-epp", namespace, Map.of("spec", deploymentSpec(values.get("replicas")))));
        objects.add(object("inference.networking.k8s.io/v1", "InferencePool", release, namespace,
                Map.of("spec", Map.of("selector", Map.of("matchLabels", values.get("matchLabels"))))));
        var manifest = new StringBuilder();
        try {
            for (var o : objects) {
                manifest.append("---\n# Source: testchart/templates/").append(((String) o.get("kind")).toLowerCase()).append(".yaml\n")
                        .append(YAML.writeValueAsString(o).replaceFirst("^---\n", ""));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Rendered(values, objects, manifest.toString());
    }

    /** As the inferencepool chart: more than one replica runs the EPPs with leader election. */
    private static Map<String, Object> deploymentSpec(Object replicas) {
        if (((Number) replicas).intValue() <= 1) {
            return Map.of("replicas", replicas);
        }
        return Map.of("replicas", replicas, "template", Map.of("spec", Map.of("containers",
                List.of(Map.of("name", "epp", "args", List.of("--pool-name", "pool", "--ha-enable-leader-election"))))));
    }

    @Override
    public ReleaseChart strict() {
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> parseManifest(String manifest) {
        var out = new ArrayList<Map<String, Object>>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> o = YAML.readValue(doc, Map.class);
                if (o != null) {
                    out.add(o);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Override
    public List<Map<String, Object>> uninstallOrder(List<Map<String, Object>> objects) {
        var reversed = new ArrayList<>(objects);
        Collections.reverse(reversed);
        return reversed;
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, String namespace, Map<String, Object> body) {
        var o = new LinkedHashMap<String, Object>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        o.put("metadata", meta);
        o.putAll(body);
        return o;
    }
}
