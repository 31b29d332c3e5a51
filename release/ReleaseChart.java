package release;

import java.util.List;
import java.util.Map;

/** The chart a release is made from, as the actions need it (production: the inferencepool chart). */
public interface ReleaseChart {
    /** The `chart` object stored in release records: metadata and default values, Go field order. */
    Map<String, Object> record();

    /** The chart's default values. */
    Map<String, Object> defaultValues();

    /**
     * Validates and renders. Throws {@link ChartProblemsException} listing every problem found;
     * `warnings` collects non-fatal remarks (e.g. a misspelled key).
     */
    Rendered render(String release, String namespace, int revision, boolean isInstall,
            Map<String, Object> userValues, List<String> warnings);

    /** This chart with unknown value keys treated as problems instead of warnings (`--strict`). */
    ReleaseChart strict();

    /** The objects of a stored manifest, in install order. */
    List<Map<String, Object>> parseManifest(String manifest);

    /** The objects in Helm's uninstall order. */
    List<Map<String, Object>> uninstallOrder(List<Map<String, Object>> objects);

    /** A render: merged values, the objects in install order, and the manifest text to store. */
    record Rendered(Map<String, Object> values, List<Map<String, Object>> objects, String manifest) {}
}
