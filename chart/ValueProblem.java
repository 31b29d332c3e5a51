package chart;

import java.util.List;
import java.util.Map;

/**
 * One thing wrong with the values (or the release name): the value's path, the bad value, and a
 * message that says what is allowed and how to fix it.
 */
public record ValueProblem(String path, Object value, String message) {
    /** One line for the user: {@code path = value: message}. */
    public String describe() {
        boolean showValue = value != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
        return path + (showValue ? " = " + ValueText.quoted(value) : "") + ": " + message;
    }
}
