package epp.scheduling.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import epp.scheduling.config.EndpointPickerConfig.PluginRef;
import epp.scheduling.config.EndpointPickerConfig.PluginSpec;
import epp.scheduling.config.EndpointPickerConfig.ProfileSpec;
import epp.scheduling.framework.Parameters;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 1 of loading (epp.md §5.2): YAML or JSON text → {@link EndpointPickerConfig}, strictly: the
 * envelope accepts only its own fields, each once and of its type. Plugin parameters are kept raw.
 * Every failure reads {@code the configuration is invalid - <what, where, how to fix>}.
 */
final class ConfigDecoder {
    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));
    private static final ObjectMapper JSON = strict(new ObjectMapper());

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "plugins", "schedulingProfiles");
    private static final Set<String> PLUGIN_FIELDS = Set.of("type", "name", "parameters");
    private static final Set<String> PROFILE_FIELDS = Set.of("name", "plugins");
    private static final Set<String> REF_FIELDS = Set.of("pluginRef", "weight");

    private ConfigDecoder() {}

    static EndpointPickerConfig decode(String text) throws ConfigException {
        JsonNode root = parse(text);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid("the configuration is empty; it needs at least \"apiVersion: "
                    + EndpointPickerConfig.API_VERSION + "\" and \"kind: " + EndpointPickerConfig.KIND + "\"");
        }
        if (!root.isObject()) {
            throw invalid("expected a map with apiVersion, kind, plugins and schedulingProfiles, got " + Parameters.describe(root));
        }
        requireTypeMeta(root, "kind", EndpointPickerConfig.KIND);
        requireTypeMeta(root, "apiVersion", EndpointPickerConfig.API_VERSION);
        checkFields(root, "", ROOT_FIELDS);

        List<PluginSpec> plugins = new ArrayList<>();
        for (Item item : list(root.get("plugins"), "plugins")) {
            checkFields(item.node(), item.path(), PLUGIN_FIELDS);
            JsonNode parameters = item.node().get("parameters");
            plugins.add(new PluginSpec(
                    string(item.node().get("type"), item.path() + ".type"),
                    string(item.node().get("name"), item.path() + ".name"),
                    parameters == null || parameters.isNull() ? null : parameters));
        }
        List<ProfileSpec> profiles = new ArrayList<>();
        for (Item profile : list(root.get("schedulingProfiles"), "schedulingProfiles")) {
            checkFields(profile.node(), profile.path(), PROFILE_FIELDS);
            List<PluginRef> refs = new ArrayList<>();
            for (Item ref : list(profile.node().get("plugins"), profile.path() + ".plugins")) {
                checkFields(ref.node(), ref.path(), REF_FIELDS);
                refs.add(new PluginRef(
                        string(ref.node().get("pluginRef"), ref.path() + ".pluginRef"),
                        weight(ref.node().get("weight"), ref.path() + ".weight")));
            }
            profiles.add(new ProfileSpec(string(profile.node().get("name"), profile.path() + ".name"), refs));
        }
        return new EndpointPickerConfig(plugins, profiles);
    }

    private static JsonNode parse(String text) throws ConfigException {
        // JSON is YAML, but YAML parsers reject some valid JSON (tabs for indentation): use the JSON one for JSON.
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(parseError(e));
        }
    }

    private static final Pattern YAML_MARK = Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):$");
    private static final Pattern JSON_SOURCE = Pattern.compile("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)");

    /** Jackson's and SnakeYAML's parse errors as one line: what is wrong and where. */
    private static String parseError(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            int open = original.indexOf('\'');
            int close = original.indexOf('\'', open + 1);
            String field = open >= 0 && close > open ? original.substring(open + 1, close) : "?";
            return "field \"" + field + "\" appears more than once in the same map; keep one" + where(e.getLocation());
        }
        if (original.startsWith("Trailing token")) {
            return "unexpected content after the configuration (a second YAML document?); keep only the "
                    + EndpointPickerConfig.KIND + where(e.getLocation());
        }
        // SnakeYAML: context and problem lines, each followed by " in 'reader', line L, column C:" and a snippet.
        List<String> parts = new ArrayList<>();
        String location = where(e.getLocation());
        for (String line : original.split("\n")) {
            Matcher mark = YAML_MARK.matcher(line);
            if (mark.matches()) {
                location = " (line " + mark.group(1) + ", column " + mark.group(2) + ")";
            } else if (!line.isBlank() && !line.startsWith("    ")) {
                parts.add(line.trim());
            }
        }
        return JSON_SOURCE.matcher(String.join(": ", parts)).replaceAll("") + location;
    }

    private static String where(JsonLocation location) {
        return location != null && location.getLineNr() > 0
                ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
    }

    private static void requireTypeMeta(JsonNode root, String field, String expected) throws ConfigException {
        JsonNode value = root.get(field);
        String fix = "use \"" + field + ": " + expected + "\"";
        if (value == null || value.isNull()) {
            throw invalid(field + " is missing; " + fix);
        }
        if (!value.isTextual() || !value.textValue().equals(expected)) {
            throw invalid(field + " " + Parameters.describe(value) + " is not supported; " + fix);
        }
    }

    private static void checkFields(JsonNode object, String path, Set<String> allowed) throws ConfigException {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("strict decoding error: unknown field \"" + (path.isEmpty() ? "" : path + ".") + name
                        + "\"; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private record Item(JsonNode node, String path) {}

    /** A list of maps; null or absent is an empty list. */
    private static List<Item> list(JsonNode value, String path) throws ConfigException {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(path + " must be a list, got " + Parameters.describe(value));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = value.get(i);
            if (item.isNull()) {
                item = JSON.createObjectNode();
            } else if (!item.isObject()) {
                throw invalid(itemPath + " must be a map, got " + Parameters.describe(item));
            }
            items.add(new Item(item, itemPath));
        }
        return items;
    }

    /** A string; null or absent is "". */
    private static String string(JsonNode value, String path) throws ConfigException {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid(path + " must be a string, got " + Parameters.describe(value));
        }
        return value.textValue();
    }

    /** A whole number (1.0 counts, as YAML → JSON conversion makes it 1); null or absent is null. */
    private static Integer weight(JsonNode value, String path) throws ConfigException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!Parameters.isWholeInt(value)) {
            throw invalid(path + " must be a whole number, got " + Parameters.describe(value));
        }
        return value.intValue();
    }

    private static ConfigException invalid(String detail) {
        return new ConfigException("the configuration is invalid - " + detail);
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }
}
