package values;

/**
 * Where the first JSON value of a text ends, as Go's json.Decoder sees it: {@code --set-json}
 * reads one value per assignment and goes on after it ({@code a=[1,2],b=3}). Only the extent is
 * found here; {@link Json} validates and reads the value.
 */
final class JsonValueExtent {
    private JsonValueExtent() {}

    /** The index just past the first JSON value in {@code text} (leading JSON whitespace included). */
    static int end(String text) {
        int i = skipWhitespace(text, 0);
        if (i >= text.length()) {
            throw invalid("unexpected end of JSON input");
        }
        char c = text.charAt(i);
        if (c == '{' || c == '[') {
            return endOfContainer(text, i);
        } else if (c == '"') {
            return endOfString(text, i);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            return endOfNumber(text, i);
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, i)) {
                return i + literal.length();
            }
        }
        throw invalid("invalid character '" + c + "' looking for beginning of value");
    }

    private static int skipWhitespace(String text, int i) {
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int endOfContainer(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i) - 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        throw invalid("unexpected end of JSON input");
    }

    private static int endOfString(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        throw invalid("unexpected end of JSON input");
    }

    /** Go's number states: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, failing on a dangling '-', '.' or exponent. */
    private static int endOfNumber(String text, int start) {
        int i = start;
        if (text.charAt(i) == '-') {
            i++;
        }
        if (!digitAt(text, i)) {
            throw invalid("invalid number " + text.substring(start, Math.min(text.length(), i + 1)));
        }
        if (text.charAt(i) == '0') {
            i++;
        } else {
            i = skipDigits(text, i);
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            if (!digitAt(text, i)) {
                throw invalid("invalid number: no digit after decimal point");
            }
            i = skipDigits(text, i);
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            if (!digitAt(text, i)) {
                throw invalid("invalid number: no digit in exponent");
            }
            i = skipDigits(text, i);
        }
        return i;
    }

    private static boolean digitAt(String text, int i) {
        return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    private static int skipDigits(String text, int i) {
        while (digitAt(text, i)) {
            i++;
        }
        return i;
    }

    private static ValuesException invalid(String reason) {
        return new ValuesException(reason, true);
    }
}
