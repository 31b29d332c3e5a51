package chart;

import common.DefaultPluginsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything checked before rendering (chart.md "Validation"): the release name, the schema
 * (types, enums, ranges, unknown keys), and the rules a schema cannot say. Reports every problem
 * at once.
 */
final class ValuesValidator {
    static final int MAX_RELEASE_NAME = 53;
    static final String RELEASE_NAME_REGEX = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    private static final Pattern RELEASE_NAME = Pattern.compile(RELEASE_NAME_REGEX);
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
    private static final Pattern LABEL_PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String MATCH_LABELS = "inferencePool.modelServers.matchLabels";

    private final SchemaValidator schema;

    ValuesValidator(SchemaValidator schema) {
        this.schema = schema;
    }

    List<ValueProblem> validate(String releaseName, Map<String, Object> values, boolean strict, List<String> warnings) {
        List<ValueProblem> problems = new ArrayList<>();
        releaseNameProblem(releaseName).ifPresent(problems::add);
        List<SchemaValidator.UnknownKey> unknownKeys = new ArrayList<>();
        schema.validate(values, problems, unknownKeys);
        for (SchemaValidator.UnknownKey unknown : unknownKeys) {
            String message = "unknown value: the chart does not use it"
                    + unknown.closest().map(k -> "; did you mean " + k + "?").orElse("")
                    + (strict ? " Fix: correct or remove it (without --strict this is a warning)" : "");
            if (strict) {
                problems.add(new ValueProblem(unknown.path(), unknown.value(), message));
            } else {
                warnings.add(unknown.path() + ": " + message);
            }
        }
        ValueReader v = new ValueReader(values);
        matchLabelsProblems(v, problems);
        pluginsConfigFileProblem(v).ifPresent(problems::add);
        problems.addAll(PassThroughFlags.problems(v.get(PassThroughFlags.PATH)));
        return problems;
    }

    /** Helm's rule and wording (release.md 5), saying which part failed. */
    static Optional<ValueProblem> releaseNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(new ValueProblem("release name", null,
                    "no name provided. Fix: give the release name as the first argument, e.g. pool template my-pool"));
        }
        List<String> failed = new ArrayList<>();
        if (!RELEASE_NAME.matcher(name).matches()) {
            failed.add("it must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        if (name.length() > MAX_RELEASE_NAME) {
            failed.add("it is " + name.length() + " characters long, the limit is " + MAX_RELEASE_NAME);
        }
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        String suggestion = name.toLowerCase().replaceAll("[^-a-z0-9.]", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (suggestion.length() > MAX_RELEASE_NAME) {
            suggestion = suggestion.substring(0, MAX_RELEASE_NAME).replaceAll("[-.]+$", "");
        }
        return Optional.of(new ValueProblem("release name", name,
                "invalid release name, must match regex "
                        + RELEASE_NAME_REGEX + " and the length must not be longer than " + MAX_RELEASE_NAME
                        + " (" + String.join("; ", failed) + ")"
                        + (suggestion.isEmpty() ? "" : ". Fix: use a name such as " + suggestion)));
    }

    private static void matchLabelsProblems(ValueReader v, List<ValueProblem> problems) {
        Object labels = v.get(MATCH_LABELS);
        if (!(labels instanceof Map<?, ?> map) || map.isEmpty()) {
            if (labels == null || labels instanceof Map<?, ?>) {
                problems.add(new ValueProblem(MATCH_LABELS, labels,
                        ".Values.inferencePool.modelServers.matchLabels is required: the labels that select the pool's"
                                + " model-server pods. Fix: --set " + MATCH_LABELS + ".app=<label of your model-server pods>"));
            }
            return; // a non-map is already reported by the schema
        }
        map.forEach((key, value) -> {
            String path = MATCH_LABELS + "." + key;
            if (!validLabelKey(String.valueOf(key))) {
                problems.add(new ValueProblem(path, null, "\"" + key + "\" is not a valid label key: an optional DNS"
                        + " prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with"
                        + " a letter or digit. Fix: rename the key"));
            }
            String text = ValueText.go(value);
            if (value != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)
                    && !(text.isEmpty() || (text.length() <= 63 && LABEL_NAME.matcher(text).matches()))) {
                problems.add(new ValueProblem(path, value, "is not a valid label value: at most 63 letters, digits,"
                        + " '-', '_' or '.', starting and ending with a letter or digit. Fix: use the label value your"
                        + " model-server pods carry"));
            }
        });
    }

    private static boolean validLabelKey(String key) {
        int slash = key.lastIndexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !LABEL_PREFIX.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    /** The EPP fails at start-up when --config-file names a file the ConfigMap does not have. */
    private static Optional<ValueProblem> pluginsConfigFileProblem(ValueReader v) {
        Object file = v.get("inferenceExtension.pluginsConfigFile");
        if (!(file instanceof String name) || name.isEmpty()) {
            return Optional.empty(); // reported by the schema
        }
        Map<String, Object> custom = v.map("inferenceExtension.pluginsCustomConfig");
        if (name.equals(DefaultPluginsConfig.FILE_NAME) || custom.containsKey(name)) {
            return Optional.empty();
        }
        List<String> available = new ArrayList<>(List.of(DefaultPluginsConfig.FILE_NAME));
        available.addAll(custom.keySet());
        return Optional.of(new ValueProblem("inferenceExtension.pluginsConfigFile", name,
                "names no plugin configuration the EPP's ConfigMap has (" + String.join(", ", available)
                        + "). Fix: add it under inferenceExtension.pluginsCustomConfig." + name
                        + " or choose one of those"));
    }
}
