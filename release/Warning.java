package release;

import java.util.regex.Pattern;

/**
 * Every warning pool prints has one form, Helm v4's: Helm logs its warnings through Go's slog
 * text handler without timestamps, `level=WARN msg="..."` (the message quoted as Go's strconv.Quote
 * does when it holds spaces, '=', '"' or control characters).
 */
public final class Warning {
    private static final Pattern ANY_PREFIX = Pattern.compile("^(?i)warning:\\s*");

    private Warning() {}

    /** The message as one warning line, whatever prefix (or none) it came with. */
    public static String line(String message) {
        String text = ANY_PREFIX.matcher(message).replaceFirst("");
        return "level=WARN msg=" + (needsQuoting(text) ? quote(text) : text);
    }

    private static boolean needsQuoting(String s) {
        if (s.isEmpty()) {
            return true;
        }
        return s.codePoints().anyMatch(c -> Character.isWhitespace(c) || c == '=' || c == '"' || Character.isISOControl(c));
    }

    private static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
