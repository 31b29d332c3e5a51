package sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector in the syntax of {@code ?labelSelector=}: {@code k=v}, {@code k==v}, {@code k!=v},
 * {@code k}, {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}, comma-separated (commas inside
 * parentheses belong to the set).
 */
final class LabelSelector {
    private record Requirement(String key, String operator, Set<String> values) {
        boolean matches(JsonNode labels) {
            JsonNode v = labels == null ? null : labels.get(key);
            String value = v == null || v.isNull() ? null : v.asText();
            return switch (operator) {
                case "exists" -> value != null;
                case "!" -> value == null;
                case "=", "in" -> value != null && values.contains(value);
                case "!=", "notin" -> value == null || !values.contains(value);
                default -> throw new IllegalStateException(operator);
            };
        }
    }

    private static final Pattern SET = Pattern.compile("^\\s*([^\\s!=]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*$");
    private static final Pattern EQUALITY = Pattern.compile("^\\s*([^\\s!=]+)\\s*(==|=|!=)\\s*([^\\s]*)\\s*$");
    private static final Pattern NOT_EXISTS = Pattern.compile("^\\s*!\\s*([^\\s!=]+)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("^\\s*([^\\s!=(),]+)\\s*$");

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static LabelSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return new LabelSelector(requirements);
        }
        for (String part : splitTopLevel(selector)) {
            Matcher m;
            if ((m = SET.matcher(part)).matches()) {
                requirements.add(new Requirement(m.group(1), m.group(2), values(m.group(3))));
            } else if ((m = EQUALITY.matcher(part)).matches()) {
                String op = m.group(2).equals("!=") ? "!=" : "=";
                requirements.add(new Requirement(m.group(1), op, Set.of(m.group(3))));
            } else if ((m = NOT_EXISTS.matcher(part)).matches()) {
                requirements.add(new Requirement(m.group(1), "!", Set.of()));
            } else if ((m = EXISTS.matcher(part)).matches()) {
                requirements.add(new Requirement(m.group(1), "exists", Set.of()));
            } else {
                throw ApiException.badRequest("unable to parse requirement \"" + part.trim()
                        + "\" of label selector \"" + selector + "\"");
            }
        }
        return new LabelSelector(requirements);
    }

    boolean matches(JsonNode object) {
        JsonNode labels = Json.at(object, "metadata", "labels");
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    private static Set<String> values(String list) {
        Set<String> values = new java.util.LinkedHashSet<>();
        for (String v : list.split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }
}
