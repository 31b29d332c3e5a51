package chart;

import java.util.List;
import java.util.Map;

/** One file of the chart: the objects it renders for a release, in the file's order. */
interface ChartTemplate {
    /** The path Helm prints in {@code # Source:}, e.g. {@code inferencepool/templates/rbac.yaml}. */
    String source();

    List<Map<String, Object>> render(RenderContext context);
}
