package values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's MergeValues ({@code pkg/cli/values/options.go}): the user-values map built from the value
 * flags in Helm's fixed precedence, whatever their order on the command line: every {@code -f}
 * file in order (deep-merged), then {@code --set-json}, {@code --set}, {@code --set-string},
 * {@code --set-file}, {@code --set-literal}, each kind left to right (values.md 2.1).
 */
public final class UserValues {
    private UserValues() {}

    /** The value flags as given, each list in command-line order. */
    public record Flags(List<String> valueFiles, List<String> setJson, List<String> set,
                        List<String> setString, List<String> setFile, List<String> setLiteral) {
        public Flags {
            valueFiles = List.copyOf(valueFiles);
            setJson = List.copyOf(setJson);
            set = List.copyOf(set);
            setString = List.copyOf(setString);
            setFile = List.copyOf(setFile);
            setLiteral = List.copyOf(setLiteral);
        }

        public boolean isEmpty() {
            return valueFiles.isEmpty() && setJson.isEmpty() && set.isEmpty() && setString.isEmpty()
                    && setFile.isEmpty() && setLiteral.isEmpty();
        }
    }

    /** The values one {@code --set-string} or {@code --set-literal} argument sets, every leaf a string. */
    public record StringFlag(String flag, String argument, Map<String, Object> values) {}

    /**
     * Each {@code --set-string} and {@code --set-literal} argument parsed on its own, so that a check
     * can tell a number the user forced to be a string from one a values file quoted. Call after
     * {@link #merge}, which reports their syntax errors.
     */
    public static List<StringFlag> stringFlags(Flags flags) {
        List<StringFlag> parsed = new ArrayList<>();
        for (String value : flags.setString()) {
            Map<String, Object> values = new LinkedHashMap<>();
            parse("--set-string", value, values, SetParser.Mode.STRING, null);
            parsed.add(new StringFlag("--set-string", value, values));
        }
        for (String value : flags.setLiteral()) {
            Map<String, Object> values = new LinkedHashMap<>();
            parse("--set-literal", value, values, SetParser.Mode.LITERAL, null);
            parsed.add(new StringFlag("--set-literal", value, values));
        }
        return parsed;
    }

    /** A new user-values map; throws ValuesException (usage for bad --set* syntax). */
    public static Map<String, Object> merge(Flags flags, SourceReader sources) {
        Map<String, Object> base = new LinkedHashMap<>();
        for (String file : flags.valueFiles()) {
            base = Yaml.mergeMaps(base, Yaml.readValues(readValuesFile(file, sources), file));
        }
        for (String json : flags.setJson()) {
            base = applySetJson(json, base);
        }
        for (String value : flags.set()) {
            parse("--set", value, base, SetParser.Mode.TYPED, sources);
        }
        for (String value : flags.setString()) {
            parse("--set-string", value, base, SetParser.Mode.STRING, sources);
        }
        for (String value : flags.setFile()) {
            parse("--set-file", value, base, SetParser.Mode.FILE, sources);
        }
        for (String value : flags.setLiteral()) {
            parse("--set-literal", value, base, SetParser.Mode.LITERAL, sources);
        }
        return base;
    }

    private static String readValuesFile(String file, SourceReader sources) {
        try {
            return new String(sources.read(file), StandardCharsets.UTF_8);
        } catch (ValuesException e) {
            throw new ValuesException(e.getMessage() + " (check the path given to -f/--values)", false, e);
        }
    }

    private static Map<String, Object> applySetJson(String json, Map<String, Object> base) {
        String trimmed = json.strip();
        if (trimmed.startsWith("{")) {
            Object object;
            try {
                object = Json.read(trimmed);
            } catch (ValuesException e) {
                throw new ValuesException("failed parsing --set-json data JSON: " + json
                        + " (not a valid JSON object: " + e.getMessage() + ")", true);
            }
            if (!(object instanceof Map<?, ?> map)) {
                throw new ValuesException("failed parsing --set-json data JSON: " + json, true);
            }
            return Yaml.mergeMaps(base, Yaml.castMap(map));
        }
        try {
            SetParser.parseInto(json, base, SetParser.Mode.JSON, null);
        } catch (SetParser.ParseError e) {
            throw new ValuesException("failed parsing --set-json data " + json + " (" + e.getMessage()
                    + "; the form is path=<JSON value>[,path=<JSON value>], e.g. --set-json 'a.b=[1,2]' or --set-json 'a=\"text\"')", true);
        }
        return base;
    }

    private static void parse(String flag, String value, Map<String, Object> base, SetParser.Mode mode, SourceReader sources) {
        try {
            SetParser.parseInto(value, base, mode, location -> readFileValue(location, sources));
        } catch (SetParser.ParseError e) {
            throw new ValuesException("failed parsing " + flag + " data: " + e.getMessage() + SetHints.hint(flag, value, e), e.usage);
        }
    }

    private static String readFileValue(String location, SourceReader sources) throws SetParser.ParseError {
        try {
            return new String(sources.read(location), StandardCharsets.UTF_8);
        } catch (ValuesException e) {
            throw new SetParser.ParseError(e.getMessage(), false);
        }
    }
}
