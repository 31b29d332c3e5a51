package chart;

/**
 * One thing wrong with the values (or the release name): the value's path, the bad value, and a
 * message that says what is allowed and how to fix it.
 */
public record ValueProblem(String path, Object value, String message) {
    /** One line for the user: {@code path = value: message}. */
    public String describe() {
        boolean showValue = value != null && !(value instanceof java.util.Map<?, ?>) && !(value instanceof java.util.List<?>);
        return path + (showValue ? " = " + ValueText.quoted(value) : "") + ": " + message;
    }
}
