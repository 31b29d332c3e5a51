package chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders every file of the chart like Helm: files in sorted path order, each file's objects in
 * its order, then a stable sort by kind (release.md 4.6).
 */
final class ChartRenderer {
    private static final List<ChartTemplate> TEMPLATES = Stream.concat(
                    JaegerTemplates.all().stream(),
                    Stream.of(
                            new EppConfigTemplate(),
                            new EppDeploymentTemplate(),
                            new MetricsTokenSecretTemplate(),
                            new EppServiceTemplate(),
                            new ServiceMonitorTemplate(),
                            new GkeTemplate(),
                            new InferencePoolTemplate(),
                            new IstioTemplate(),
                            new LeaderElectionRbacTemplate(),
                            new RbacTemplate()))
            .sorted(Comparator.comparing(ChartTemplate::source))
            .toList();

    private ChartRenderer() {}

    static Manifest render(ReleaseInfo release, Map<String, Object> mergedValues, String chartVersion) {
        RenderContext context = new RenderContext(release, mergedValues, chartVersion);
        List<RenderedObject> objects = new ArrayList<>();
        for (ChartTemplate template : TEMPLATES) {
            for (Map<String, Object> object : template.render(context)) {
                objects.add(new RenderedObject(template.source(), object));
            }
        }
        return new Manifest(KindOrder.installOrder(objects));
    }
}
