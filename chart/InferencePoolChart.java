package chart;

import common.ProjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import values.Coalesce;
import values.UserValues;

/**
 * The inferencepool chart as pool ships it: its defaults, validation and render. What
 * {@code helm template/install ./config/charts/inferencepool} does with the chart, as plain Java.
 */
public final class InferencePoolChart {
    public static final String NAME = "inferencepool";

    private InferencePoolChart() {}

    /** The chart's version and appVersion: pool's own version. */
    public static String version() {
        return ProjectVersion.VERSION;
    }

    /** The parsed {@code chart/values.yaml}, a fresh copy each call. */
    public static Map<String, Object> defaultValues() {
        return ChartFiles.defaults();
    }

    /** The parsed {@code chart/values.schema.json}, a fresh copy each call. */
    public static Map<String, Object> schema() {
        return ChartFiles.deepCopy(ChartFiles.schema());
    }

    /**
     * The user's values coalesced over the defaults, as Helm does (nulls delete, lists replace);
     * {@code inferenceExtension.flags} given as a map merges over the default flags as in upstream
     * charts from v1.2 (see {@link PassThroughFlags}).
     */
    public static Map<String, Object> mergedValues(Map<String, Object> userValues, List<String> warnings) {
        return Coalesce.coalesce(PassThroughFlags.defaultsInTheUsersForm(defaultValues(), userValues), userValues, warnings);
    }

    /**
     * Every problem with the release name and the merged values, at once. Unknown keys are added
     * to {@code warnings} (with the closest known key), or are problems when {@code strict}.
     */
    public static List<ValueProblem> validate(String releaseName, Map<String, Object> mergedValues, boolean strict,
                                              List<String> warnings) {
        SchemaValidator schema = new SchemaValidator(ChartFiles.schema(), ChartFiles.defaults());
        return new ValuesValidator(schema).validate(releaseName, mergedValues, strict, warnings);
    }

    /**
     * Whole numbers given with {@code --set-string} or {@code --set-literal} where the chart wants an
     * integer: a type error to report with the {@code --set} that fixes it.
     */
    public static List<ValueProblem> forcedStringProblems(List<UserValues.StringFlag> stringFlags) {
        SchemaValidator schema = new SchemaValidator(ChartFiles.schema(), ChartFiles.defaults());
        List<ValueProblem> problems = new ArrayList<>();
        stringFlags.forEach(f -> schema.forcedStrings(f.flag(), f.values(), problems));
        return problems;
    }

    /** The chart's objects for a release, in Helm's install order. Pure: no I/O, same input, same output. */
    public static Manifest render(ReleaseInfo release, Map<String, Object> mergedValues) {
        return ChartRenderer.render(release, mergedValues, version());
    }
}
