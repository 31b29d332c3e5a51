package release;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One revision of a release, as Helm's `pkg/release/v1.Release` (release.md §1.5). `chart` and
 * `hooks` are kept as the JSON trees Helm wrote (struct fields in Go order) so a record read from
 * Helm is written back unchanged. `labels` are the user labels, stored only as Secret labels.
 */
public record Release(
        String name,
        String namespace,
        int version,
        Info info,
        Map<String, Object> chart,
        Map<String, Object> config,
        String manifest,
        List<Object> hooks,
        String applyMethod,
        Map<String, String> labels) {

    public static final String APPLY_SSA = "ssa";

    public Release {
        config = config == null ? Map.of() : config;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        manifest = manifest == null ? "" : manifest;
    }

    /** `info` of a revision; times are null when unset. */
    public record Info(
            OffsetDateTime firstDeployed,
            OffsetDateTime lastDeployed,
            OffsetDateTime deleted,
            String description,
            ReleaseStatus status,
            String notes) {
        public Info withStatus(ReleaseStatus newStatus, String newDescription) {
            return new Info(firstDeployed, lastDeployed, deleted, newDescription, newStatus, notes);
        }

        public Info withDeleted(OffsetDateTime when) {
            return new Info(firstDeployed, lastDeployed, when, description, status, notes);
        }
    }

    public ReleaseStatus status() {
        return info.status();
    }

    public Release withStatus(ReleaseStatus status, String description) {
        return withInfo(info.withStatus(status, description));
    }

    public Release withInfo(Info newInfo) {
        return new Release(name, namespace, version, newInfo, chart, config, manifest, hooks, applyMethod, labels);
    }

    public Release withVersion(int newVersion) {
        return new Release(name, namespace, newVersion, info, chart, config, manifest, hooks, applyMethod, labels);
    }

    public Release withLabels(Map<String, String> newLabels) {
        return new Release(name, namespace, version, info, chart, config, manifest, hooks, applyMethod, newLabels);
    }

    /** `chart.metadata` as Helm stores it, empty when the record has no chart. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> chartMetadata() {
        if (chart == null || !(chart.get("metadata") instanceof Map<?, ?> m)) {
            return Map.of();
        }
        return (Map<String, Object>) m;
    }

    /** The chart's default values stored with the release (for `get values --all`). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> chartValues() {
        if (chart == null || !(chart.get("values") instanceof Map<?, ?> m)) {
            return Map.of();
        }
        return (Map<String, Object>) m;
    }

    /** `<chart>-<version>` as list/history print it, `MISSING` like Helm when absent. */
    public String chartLabel() {
        var meta = chartMetadata();
        if (meta.isEmpty()) {
            return "MISSING";
        }
        return meta.getOrDefault("name", "") + "-" + meta.getOrDefault("version", "");
    }

    public String appVersion() {
        var meta = chartMetadata();
        return meta.isEmpty() ? "MISSING" : String.valueOf(meta.getOrDefault("appVersion", ""));
    }

    /** Builds the `chart` object in Go struct order, the way Helm stores a chart without templates. */
    public static Map<String, Object> chartRecord(Map<String, Object> metadata, Map<String, Object> values) {
        var chart = new LinkedHashMap<String, Object>();
        chart.put("metadata", metadata);
        chart.put("lock", null);
        chart.put("templates", List.of());
        chart.put("values", GoJson.sortedDeep(values));
        chart.put("schema", null);
        chart.put("schemamodtime", "0001-01-01T00:00:00Z");
        chart.put("files", null);
        return chart;
    }
}
