package release;

import chart.InferencePoolChart;
import chart.KindOrder;
import chart.Manifest;
import chart.ReleaseInfo;
import chart.RenderedObject;
import chart.ValueProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inferencepool chart as releases use it: record metadata, validate-then-render, manifest parsing and ordering. */
public final class InferencePoolReleaseChart implements ReleaseChart {
    private final boolean strict;

    /** @param strict unknown value keys are problems rather than warnings */
    public InferencePoolReleaseChart(boolean strict) {
        this.strict = strict;
    }

    @Override
    public Map<String, Object> record() {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", InferencePoolChart.NAME);
        meta.put("version", InferencePoolChart.version());
        meta.put("description", "A Helm chart for InferencePool");
        meta.put("apiVersion", "v2");
        meta.put("appVersion", InferencePoolChart.version());
        meta.put("type", "application");
        return Release.chartRecord(meta, InferencePoolChart.defaultValues());
    }

    /** The path of the chart's problems about the release name rather than a value. */
    private static final String RELEASE_NAME_PATH = "release name";

    @Override
    public Map<String, Object> defaultValues() {
        return InferencePoolChart.defaultValues();
    }

    @Override
    public Rendered render(String release, String namespace, int revision, boolean isInstall, Map<String, Object> userValues,
            List<String> warnings) {
        Map<String, Object> merged = InferencePoolChart.mergedValues(userValues, warnings);
        List<ValueProblem> problems = InferencePoolChart.validate(release, merged, strict, warnings);
        if (!problems.isEmpty()) {
            throw new ChartProblemsException(problems.stream().map(ValueProblem::describe).toList(),
                    problems.stream().filter(p -> p.path().equals(RELEASE_NAME_PATH)).map(ValueProblem::describe).toList());
        }
        Manifest manifest = InferencePoolChart.render(new ReleaseInfo(release, namespace, revision, isInstall), merged);
        return new Rendered(merged, objects(manifest.objects()), manifest.toYaml());
    }

    @Override
    public ReleaseChart strict() {
        return new InferencePoolReleaseChart(true);
    }

    @Override
    public List<Map<String, Object>> parseManifest(String manifest) {
        try {
            return objects(KindOrder.installOrder(Manifest.parse(manifest).objects()));
        } catch (IllegalArgumentException e) {
            throw new ReleaseException("the stored manifest cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Map<String, Object>> uninstallOrder(List<Map<String, Object>> objects) {
        return objects(KindOrder.uninstallOrder(objects.stream().map(o -> new RenderedObject("", o)).toList()));
    }

    private static List<Map<String, Object>> objects(List<RenderedObject> rendered) {
        return rendered.stream().map(RenderedObject::object).toList();
    }
}
