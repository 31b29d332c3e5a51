package release;

import chart.InferencePoolChart;
import chart.KindOrder;
import chart.Manifest;
import chart.ReleaseInfo;
import chart.RenderedObject;
import chart.ValueProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inferencepool chart as releases use it: record metadata, validate-then-render, manifest parsing and ordering. */
public final class InferencePoolReleaseChart implements ReleaseChart {
    private final InferencePoolChart chart;
    private final boolean strict;

    public InferencePoolReleaseChart(InferencePoolChart chart, boolean strict) {
        this.chart = chart;
        this.strict = strict;
    }

    @Override
    public Map<String, Object> record() {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", InferencePoolChart.NAME);
        meta.put("version", chart.version());
        meta.put("description", "A Helm chart for InferencePool");
        meta.put("apiVersion", "v2");
        meta.put("appVersion", chart.version());
        meta.put("type", "application");
        return Release.chartRecord(meta, chart.defaultValues());
    }

    @Override
    public Map<String, Object> defaultValues() {
        return chart.defaultValues();
    }

    @Override
    public Rendered render(String release, String namespace, int revision, boolean isInstall, Map<String, Object> userValues,
            List<String> warnings) {
        Map<String, Object> merged = chart.mergedValues(userValues, warnings);
        List<ValueProblem> problems = chart.validate(release, merged, strict, warnings);
        if (!problems.isEmpty()) {
            var lines = new ArrayList<String>();
            for (var p : problems) {
                lines.add(p.path() + (p.value() == null ? "" : " = " + p.value()) + ": " + p.message());
            }
            throw new ChartProblemsException(lines);
        }
        Manifest manifest = chart.render(new ReleaseInfo(release, namespace, revision, isInstall), merged);
        return new Rendered(merged, objects(manifest.objects()), manifest.toYaml());
    }

    @Override
    public List<Map<String, Object>> parseManifest(String manifest) {
        return objects(KindOrder.installOrder(Manifest.parse(manifest).objects()));
    }

    @Override
    public List<Map<String, Object>> uninstallOrder(List<Map<String, Object>> objects) {
        var rendered = objects.stream().map(o -> new RenderedObject("", o)).toList();
        return objects(KindOrder.uninstallOrder(rendered));
    }

    private static List<Map<String, Object>> objects(List<RenderedObject> rendered) {
        return rendered.stream().map(RenderedObject::object).toList();
    }
}
