package values;

/** How to fix a --set* mistake, appended to Helm's message for it. */
final class SetHints {
    private SetHints() {}

    static String hint(String flag, String argument, String message) {
        if (message.contains("has no value (cannot end with ,)")) {
            return " (every comma-separated part must be key=value; a comma inside a value is written \\,)";
        } else if (message.startsWith("key map ")) {
            return " (the path ends with a dot; write " + flag + " a.b=value)";
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
}
