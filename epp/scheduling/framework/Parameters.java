package epp.scheduling.framework;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Lenient reading of a plugin's `parameters`, as Go's encoding/json reads them into a struct:
 * unknown keys are ignored, keys match case-insensitively when no exact match exists, null leaves
 * the default, a value of the wrong type is an error.
 */
public final class Parameters {
    private final JsonNode object;

    private Parameters(JsonNode object) {
        this.object = object;
    }

    /** @param raw null, JSON null or an object; anything else is an error */
    public static Parameters of(JsonNode raw) throws InvalidParametersException {
        if (raw != null && !raw.isNull() && !raw.isObject()) {
            throw new InvalidParametersException("parameters must be a map of names to values, got " + describe(raw));
        }
        return new Parameters(raw == null || raw.isNull() ? null : raw);
    }

    public int integer(String key, int defaultValue) throws InvalidParametersException {
        JsonNode value = field(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!isWholeInt(value)) {
            throw new InvalidParametersException(
                    "parameter " + key + " must be a whole number, got " + describe(value));
        }
        return value.intValue();
    }

    /**
     * A number without fraction within int range. 64.0 counts: the reference converts YAML to JSON
     * first, which writes it as 64.
     */
    public static boolean isWholeInt(JsonNode value) {
        if (!value.isNumber()) {
            return false;
        }
        double number = value.doubleValue();
        return value.isIntegralNumber() ? value.canConvertToInt()
                : number == Math.rint(number) && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE;
    }

    private JsonNode field(String key) {
        if (object == null) {
            return null;
        }
        JsonNode exact = object.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** How a configuration value reads in an error message: its text and, when that is ambiguous, its kind. */
    public static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string \"" + value.textValue() + "\"";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a map";
        }
        return value.toString();
    }
}
