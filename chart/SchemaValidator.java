package chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks merged values against {@code chart/values.schema.json}. It understands the part of JSON
 * Schema that file uses (type, enum, minimum, maximum, minLength, minItems, pattern, properties,
 * required, additionalProperties, items) and phrases each violation for a person: path, value, what is
 * allowed, and a {@code --set} that fixes it. Numbers are read as the chart's templates read them
 * (strings of digits count as whole numbers, ranges apply to numeric strings too). Keys that a
 * closed object does not list are collected separately, with the closest known key.
 */
final class SchemaValidator {
    /** A key the chart does not know, and the known key it most likely meant. */
    record UnknownKey(String path, Object value, Optional<String> closest) {}

    private static final Map<String, String> PATTERN_MEANINGS = Map.of(
            "^[0-9]+$", "a whole number",
            "^([0-9]+(ms|s|m|h))+$", "a duration such as 10s, 1m30s or 500ms",
            "^[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?$", "a decimal number such as 0.1");

    private final Map<String, Object> schema;
    private final ValueReader defaults;

    SchemaValidator(Map<String, Object> schema, Map<String, Object> defaults) {
        this.schema = schema;
        this.defaults = new ValueReader(defaults);
    }

    void validate(Map<String, Object> values, List<ValueProblem> problems, List<UnknownKey> unknownKeys) {
        check("", values, schema, problems, unknownKeys);
    }

    /**
     * Whole numbers a {@code --set-string} or {@code --set-literal} made strings where the schema wants
     * an integer. The schema accepts strings of digits there because values files quote numbers and
     * the templates read them either way; a string flag, though, says the user forced the type.
     */
    void forcedStrings(String flag, Map<String, Object> flagValues, List<ValueProblem> problems) {
        forcedStrings(flag, "", flagValues, schema, problems);
    }

    @SuppressWarnings("unchecked")
    private void forcedStrings(String flag, String path, Object value, Map<String, Object> s, List<ValueProblem> problems) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> properties = s.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
            map.forEach((key, child) -> {
                Object childSchema = properties.containsKey(key) ? properties.get(key) : s.get("additionalProperties");
                if (childSchema instanceof Map<?, ?> c) {
                    forcedStrings(flag, path.isEmpty() ? (String) key : path + "." + key, child, (Map<String, Object>) c, problems);
                }
            });
        } else if (value instanceof List<?> list && s.get("items") instanceof Map<?, ?> itemSchema) {
            for (int i = 0; i < list.size(); i++) {
                forcedStrings(flag, path + "[" + i + "]", list.get(i), (Map<String, Object>) itemSchema, problems);
            }
        } else if (value instanceof String text && types(s).contains("integer") && text.matches("[0-9]+")) {
            problems.add(problem(path, text, "must be a whole number, but " + flag + " made it the string \"" + text + "\"",
                    "--set " + path + "=" + text));
        }
    }

    private void check(String path, Object value, Map<String, Object> s, List<ValueProblem> problems, List<UnknownKey> unknown) {
        List<String> types = types(s);
        if (!types.isEmpty() && types.stream().noneMatch(t -> hasType(value, t))) {
            problems.add(scalarForMap(path, value, s).orElseGet(() ->
                    problem(path, value, "must be " + describeTypes(s) + ", not " + describeValue(value), fixFor(path, s))));
            return;
        }
        if (s.get("enum") instanceof List<?> allowed && !inEnum(value, allowed, s)) {
            List<String> names = allowed.stream().filter(a -> a != null).map(ValueText::go).toList();
            String closest = value instanceof String text ? ClosestName.among(text, names).orElse(names.get(0)) : names.get(0);
            problems.add(problem(path, value, "must be one of " + String.join(", ", names)
                    + Optional.ofNullable((String) s.get("description")).map(d -> " (" + d + ")").orElse(""),
                    "--set " + path + "=" + closest));
            return;
        }
        int before = problems.size();
        if (value instanceof String text) {
            checkString(path, text, s, problems);
        }
        if (problems.size() == before) { // one message per value: a malformed number has no range
            ValueText.number(value).ifPresent(n -> checkRange(path, value, n, s, problems));
        }
        if (value instanceof Map<?, ?> map) {
            checkObject(path, map, s, problems, unknown);
        }
        if (value instanceof List<?> list) {
            checkArray(path, list, s, problems, unknown);
        }
    }

    private void checkString(String path, String text, Map<String, Object> s, List<ValueProblem> problems) {
        if (s.get("minLength") instanceof Number min && text.length() < min.intValue()) {
            problems.add(problem(path, text, "must not be empty", fixFor(path, s)));
        }
        if (s.get("pattern") instanceof String pattern && !text.matches(pattern)) {
            String meaning = PATTERN_MEANINGS.getOrDefault(pattern, "text matching " + pattern);
            problems.add(problem(path, text, "must be " + meaning, fixFor(path, s)));
        }
    }

    private void checkRange(String path, Object value, double n, Map<String, Object> s, List<ValueProblem> problems) {
        Number min = s.get("minimum") instanceof Number m ? m : null;
        Number max = s.get("maximum") instanceof Number m ? m : null;
        boolean tooLow = min != null && n < min.doubleValue();
        boolean tooHigh = max != null && n > max.doubleValue();
        if (types(s).contains("integer") && !types(s).contains("number") && ValueText.integer(value).isEmpty()) {
            problems.add(problem(path, value, "must be a whole number", fixFor(path, s)));
        } else if (tooLow || tooHigh) {
            String allowed = min != null && max != null
                    ? "between " + ValueText.go(min) + " and " + ValueText.go(max)
                    : min != null ? "at least " + ValueText.go(min) : "at most " + ValueText.go(max);
            problems.add(problem(path, value, "must be " + allowed, "--set " + path + "=" + ValueText.go(tooLow ? min : max)));
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(String path, Map<?, ?> map, Map<String, Object> s, List<ValueProblem> problems, List<UnknownKey> unknown) {
        Map<String, Object> properties = s.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Object additional = s.get("additionalProperties");
        if (s.get("required") instanceof List<?> required) {
            for (Object key : required) {
                if (map.get(key) == null) {
                    String childPath = path.isEmpty() ? (String) key : path + "." + key;
                    Map<String, Object> childSchema = properties.get(key) instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
                    problems.add(problem(childPath, null, "is required (the chart's default was removed)", fixFor(childPath, childSchema)));
                }
            }
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (properties.get(key) instanceof Map<?, ?> childSchema) {
                check(childPath, entry.getValue(), (Map<String, Object>) childSchema, problems, unknown);
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check(childPath, entry.getValue(), (Map<String, Object>) additionalSchema, problems, unknown);
            } else if (Boolean.FALSE.equals(additional)) {
                unknown.add(new UnknownKey(childPath, entry.getValue(), suggestion(path, key, properties)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkArray(String path, List<?> list, Map<String, Object> s, List<ValueProblem> problems, List<UnknownKey> unknown) {
        if (s.get("minItems") instanceof Number min && list.size() < min.intValue()) {
            problems.add(problem(path, list, "must have at least " + min + " entries", "leave it unset to use the default"));
        }
        if (s.get("items") instanceof Map<?, ?> itemSchema) {
            for (int i = 0; i < list.size(); i++) {
                check(path + "[" + i + "]", list.get(i), (Map<String, Object>) itemSchema, problems, unknown);
            }
        }
    }

    /**
     * A plain value where the chart has a map of known keys ({@code --set provider=gke}): name the
     * keys, and suggest the first one that takes this value ({@code --set provider.name=gke}).
     */
    @SuppressWarnings("unchecked")
    private Optional<ValueProblem> scalarForMap(String path, Object value, Map<String, Object> s) {
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>
                || !(s.get("properties") instanceof Map<?, ?> properties) || properties.isEmpty()) {
            return Optional.empty();
        }
        String keys = String.join(", ", ((Map<String, Object>) properties).keySet());
        String fix = ((Map<String, Object>) properties).entrySet().stream()
                .filter(e -> accepts((Map<String, Object>) e.getValue(), value))
                .findFirst()
                .map(e -> "--set " + path + "." + e.getKey() + "=" + ValueText.go(value))
                .orElse("set one of its keys, e.g. --set " + path + "." + properties.keySet().iterator().next() + "=...");
        return Optional.of(problem(path, value, "is a map with the keys " + keys + ", not " + describeValue(value), fix));
    }

    private static boolean accepts(Map<String, Object> s, Object value) {
        boolean typeOk = types(s).stream().anyMatch(t -> hasType(value, t));
        return typeOk && (!(s.get("enum") instanceof List<?> allowed) || inEnum(value, allowed, s));
    }

    /** A sibling key spelled nearly the same, else any known key path ending in a similar key. */
    private Optional<String> suggestion(String parentPath, String key, Map<String, Object> siblings) {
        String prefix = parentPath.isEmpty() ? "" : parentPath + ".";
        Optional<String> sibling = ClosestName.among(key, siblings.keySet());
        if (sibling.isPresent()) {
            return sibling.map(name -> prefix + name);
        }
        TreeSet<String> allPaths = new TreeSet<>();
        collectPaths("", schema, allPaths);
        return allPaths.stream()
                .filter(p -> ClosestName.distance(lastSegment(p).toLowerCase(), key.toLowerCase()) <= 1)
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static void collectPaths(String path, Map<String, Object> s, TreeSet<String> out) {
        if (s.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((k, child) -> {
                String childPath = path.isEmpty() ? (String) k : path + "." + k;
                out.add(childPath);
                collectPaths(childPath, (Map<String, Object>) child, out);
            });
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** A --set that fixes the value: the chart default when it is a plain value. */
    private String fixFor(String path, Map<String, Object> s) {
        if (types(s).equals(List.of("boolean"))) {
            return "--set " + path + "=true or --set " + path + "=false";
        }
        Object fallback = defaults.get(path);
        if (fallback == null || fallback instanceof Map<?, ?> || fallback instanceof List<?>) {
            List<String> types = types(s);
            if (types.contains("object") || types.contains("array")) {
                return "give it as YAML in a values file (-f), e.g. " + lastSegment(path)
                        + (types.contains("object") ? ": {key: value}" : ": [...]");
            }
            return "unset it (--set " + path + "=null) or give " + describeTypes(s);
        }
        return "--set" + (fallback instanceof String ? "-string " : " ") + path + "=" + ValueText.go(fallback);
    }

    private static ValueProblem problem(String path, Object value, String what, String fix) {
        return new ValueProblem(path, value, what + ". Fix: " + fix);
    }

    private static boolean inEnum(Object value, List<?> allowed, Map<String, Object> s) {
        boolean ignoreCase = Boolean.TRUE.equals(s.get("x-pool-ignore-case"));
        for (Object a : allowed) {
            if (a == null ? value == null
                    : ignoreCase && a instanceof String t && value instanceof String v ? t.equalsIgnoreCase(v) : a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> types(Map<String, Object> s) {
        Object type = s.get("type");
        if (type instanceof String t) {
            return List.of(t);
        }
        List<String> types = new ArrayList<>();
        if (type instanceof List<?> list) {
            list.forEach(t -> types.add(String.valueOf(t)));
        }
        return types;
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "null" -> value == null;
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Number && ValueText.integer(value).isPresent();
            default -> true;
        };
    }

    /** The allowed types in words; text that must look like a number counts as that number. */
    private static String describeTypes(Map<String, Object> s) {
        List<String> types = types(s);
        boolean numericText = s.get("pattern") instanceof String p && PATTERN_MEANINGS.containsKey(p)
                && (types.contains("integer") || types.contains("number"));
        List<String> words = types.stream()
                .filter(t -> !t.equals("null") && !(numericText && t.equals("string")))
                .map(t -> switch (t) {
            case "object" -> "a map";
            case "array" -> "a list";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "number" -> "a number";
            case "integer" -> "a whole number";
            default -> t;
        }).toList();
        return String.join(" or ", words);
    }

    private static String describeValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return "the text \"" + s + "\"";
        }
        if (value instanceof Boolean) {
            return "the boolean " + value;
        }
        return "the number " + ValueText.go(value);
    }
}
