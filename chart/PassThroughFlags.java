package chart;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code inferenceExtension.flags}, the EPP flags the chart passes through, in either of the forms
 * upstream charts take: the list {@code [{name: v, value: 1}]} of the chart at the seed's commit (the
 * default in values.yaml), or the map {@code {v: 1}} of upstream charts from v1.2. Values stay as
 * the user gave them; only rendering and defaulting know both forms.
 */
final class PassThroughFlags {
    static final String PATH = "inferenceExtension.flags";
    private static final Pattern FLAG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private PassThroughFlags() {}

    /**
     * The arguments, one {@code --name=value} each: a list in its order, a map in flag-name order
     * (Go's range over a map). One argument because Go's flag package takes no separate value for a
     * boolean flag: {@code --enable-pprof "true"} would end flag parsing at {@code "true"}.
     */
    static List<String> arguments(Object flags) {
        List<String> args = new ArrayList<>();
        entries(flags).forEach(flag -> args.add("--" + flag.getKey() + "=" + ValueText.go(flag.getValue())));
        return args;
    }

    /**
     * The defaults with their flags in the form the user gave, so that a map from the user merges
     * over the default flags key by key (as with the v1.2 chart, whose default is {@code {v: 1}})
     * instead of replacing the default list with Helm's "destination is a table" warning.
     */
    static Map<String, Object> defaultsInTheUsersForm(Map<String, Object> defaults, Map<String, Object> userValues) {
        if (inferenceExtension(userValues).get("flags") instanceof Map<?, ?>
                && inferenceExtension(defaults).get("flags") instanceof List<?> defaultList) {
            Map<String, Object> asMap = new LinkedHashMap<>();
            entries(defaultList).forEach(flag -> asMap.put(flag.getKey(), flag.getValue()));
            inferenceExtension(defaults).put("flags", asMap);
        }
        return defaults;
    }

    /** Each problem with the flags' names and values: path (as the user wrote it) and message. */
    static List<ValueProblem> problems(Object flags) {
        List<ValueProblem> problems = new ArrayList<>();
        if (flags instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String path = PATH + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> entry)) {
                    problems.add(new ValueProblem(path, list.get(i), "must be a flag {name: NAME, value: VALUE}, not "
                            + describe(list.get(i)) + ". Fix: --set " + path + ".name=v," + path + ".value=1"));
                    continue;
                }
                nameProblem(path + ".name", entry.get("name")).ifPresent(problems::add);
                valueProblem(path + ".value", entry.get("value"), true).ifPresent(problems::add);
                entry.keySet().stream().map(String::valueOf).filter(k -> !k.equals("name") && !k.equals("value"))
                        .forEach(k -> problems.add(new ValueProblem(path + "." + k, entry.get(k),
                                "is not a key of a flag (a flag has only name and value). Fix: remove it")));
            }
        } else if (flags instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                String path = PATH + "." + name;
                if (!FLAG_NAME.matcher(String.valueOf(name)).matches()) {
                    String suggested = suggestedName(String.valueOf(name));
                    String fix = FLAG_NAME.matcher(suggested).matches()
                            ? "--set " + PATH + "." + suggested + "=" + ValueText.go(value) + " (and remove this key)"
                            : "rename the key to the flag's name, e.g. enable-pprof";
                    problems.add(new ValueProblem(path, value, "names no EPP flag: a flag name is letters, digits, '-', '_' or '.'"
                            + " without the leading dashes, e.g. enable-pprof. Fix: " + fix));
                }
                valueProblem(path, value, false).ifPresent(problems::add);
            });
        }
        return problems; // any other type is the schema's to report
    }

    private static Optional<ValueProblem> nameProblem(String path, Object name) {
        if (name instanceof String text && FLAG_NAME.matcher(text).matches()) {
            return Optional.empty();
        }
        String suggestion = name instanceof String text && FLAG_NAME.matcher(suggestedName(text)).matches()
                ? suggestedName(text) : "enable-pprof";
        String what = name == null ? "is required: the flag's name without the leading dashes"
                : "must be a flag name without the leading dashes (letters, digits, '-', '_', '.'), not " + ValueText.quoted(name);
        return Optional.of(new ValueProblem(path, name, what + ". Fix: --set " + path + "=" + suggestion));
    }

    private static Optional<ValueProblem> valueProblem(String path, Object value, boolean listEntry) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.empty();
        }
        String what = value == null ? (listEntry ? "is required" : "has no value")
                : "must be a string, number or boolean, not " + describe(value);
        return Optional.of(new ValueProblem(path, value, what + ". Fix: --set " + path + "=VALUE"));
    }

    /** Name and value of each flag, in rendering order; entries without a name are skipped (validation reports them). */
    private static List<Map.Entry<String, Object>> entries(Object flags) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        if (flags instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> entry && entry.get("name") != null) {
                    entries.add(new SimpleEntry<>(ValueText.go(entry.get("name")), entry.get("value")));
                }
            }
        } else if (flags instanceof Map<?, ?> map) {
            new TreeMap<>(map).forEach((name, value) -> entries.add(new SimpleEntry<>(String.valueOf(name), value)));
        }
        return entries;
    }

    private static String suggestedName(String name) {
        return name.replaceFirst("^-+", "").replaceFirst("=.*$", "");
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a map";
        } else if (value instanceof List<?>) {
            return "a list";
        }
        return ValueText.quoted(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inferenceExtension(Map<String, Object> values) {
        return values.get("inferenceExtension") instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
