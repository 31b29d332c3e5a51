package values;

/** How to fix a --set* mistake, appended to Helm's message for it. */
final class SetHints {
    private SetHints() {}

    static String hint(String flag, String argument, SetParser.ParseError error) {
        String message = error.getMessage();
        if (message.contains("has no value (cannot end with ,)")) {
            return " (every comma-separated part must be key=value; a comma inside a value is written \\,)";
        } else if (message.startsWith("key map ") && error.position > 0) {
            return emptyKeySegment(flag, argument, error.position);
        } else if (message.contains("has no value")) {
            if (argument.matches("(?s).*=\\s*\\[.*")) {
                return " (lists are written {x,y}: " + flag + " 'key={x,y}', or use --set-json 'key=[...]')";
            }
            return " (write " + flag + " key=value; key= sets an empty string)";
        } else if (message.contains("interface conversion")) {
            return " (an earlier -f or --set value put a scalar, list or null where this path needs a map;"
                    + " set that key in one way only)";
        } else if (message.contains("list must terminate")) {
            return " (a value starting with { is a list {x,y}; write \\{ for a literal brace)";
        } else if (message.contains("unexpected data at end of array index")) {
            return " (after [N] comes ., [ or =, e.g. a[0].b=x)";
        } else if (message.contains("error parsing index")) {
            return " (an index is a number from 0 to " + SetParser.MAX_INDEX + ", e.g. a[0]=x)";
        } else if (message.contains("no such file or directory")) {
            return " (" + flag + " takes key=path; check the path)";
        }
        return "";
    }

    /** The key between a dot and {@code at} (a code point offset) is empty: {@code a..b=1}, {@code a.=1}. */
    private static String emptyKeySegment(String flag, String argument, int at) {
        int[] runes = argument.codePoints().toArray();
        String where = "an empty key segment at character " + (at + 1) + " of '" + argument + "'";
        String withoutDot = new String(runes, 0, at - 1) + new String(runes, at, runes.length - at);
        if (at < runes.length && runes[at] == '=') {
            return " (" + where + ": the path ends with a dot; name the key, e.g. " + flag + " '"
                    + new String(runes, 0, at) + "KEY" + new String(runes, at, runes.length - at) + "', or drop the dot: "
                    + flag + " '" + withoutDot + "')";
        }
        return " (" + where + ": two dots in a row; a dot inside a key is written \\.; write " + flag + " '" + withoutDot + "')";
    }
}
