package values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Block YAML exactly as Helm's {@code toYaml} prints it: sigs.k8s.io/yaml's Marshal, which goes
 * through JSON (so a float64 that is integral prints as {@code 8080}) and then go-yaml v2's
 * encoder and emitter. This class follows that emitter's rules: 2-space indent, sequences not
 * indented under their key, {@code {}}/{@code []} for empty collections, plain scalars unless the
 * text would read back as another type ({@code "1.0"}, {@code "007"}, {@code "yes"}, {@code ""})
 * or needs quoting ({@code ': x'}), literal blocks ({@code |}, {@code |-}, {@code |+}) for text
 * with newlines, double quotes with escapes for control characters, and folding of long plain or
 * quoted text at spaces past column 80. Keys are written in the map's order.
 */
final class YamlWriter {
    private static final int BEST_INDENT = 2;
    private static final int BEST_WIDTH = 80;
    private static final int MAX_SIMPLE_KEY_BYTES = 128;
    private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))"
                    + "|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?))?");

    private enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int column;
    private int indent = -1;
    private boolean whitespace = true;
    private boolean indention = true;
    private boolean mappingContext;
    private boolean simpleKeyContext;

    private YamlWriter() {}

    static String write(Object value) {
        var writer = new YamlWriter();
        writer.node(value, false, false);
        writer.writeIndent(); // document end
        return writer.out.toString();
    }

    private void node(Object value, boolean mapping, boolean simpleKey) {
        mappingContext = mapping;
        simpleKeyContext = simpleKey;
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                emptyFlowCollection("{", "}");
            } else {
                blockMapping(map);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                emptyFlowCollection("[", "]");
            } else {
                blockSequence(list);
            }
        } else if (value instanceof String s) {
            scalar(s, stringStyle(s));
        } else {
            scalar(nonStringScalar(value), Style.PLAIN);
        }
    }

    private void emptyFlowCollection(String open, String close) {
        writeIndicator(open, true, true, false);
        increaseIndent(true, false);
        popIndent();
        writeIndicator(close, false, false, false);
    }

    private void blockSequence(List<?> list) {
        increaseIndent(false, mappingContext && !indention);
        for (Object item : list) {
            writeIndent();
            writeIndicator("-", true, false, true);
            node(item, false, false);
        }
        popIndent();
    }

    private void blockMapping(Map<?, ?> map) {
        increaseIndent(false, false);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            writeIndent();
            if (isSimpleKey(key)) {
                node(key, true, true);
                writeIndicator(":", false, false, false);
            } else {
                writeIndicator("?", true, false, true);
                node(key, true, false);
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            node(entry.getValue(), true, false);
        }
        popIndent();
    }

    private static boolean isSimpleKey(String key) {
        return !analyze(codePoints(key)).multiline() && key.getBytes(StandardCharsets.UTF_8).length <= MAX_SIMPLE_KEY_BYTES;
    }

    /** The text of a non-string scalar as it comes out of the JSON round trip. */
    private static String nonStringScalar(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Boolean b) {
            return b.toString();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            String json = GoFormat.jsonNumber(d);
            if (json.indexOf('.') < 0 && json.indexOf('e') < 0) {
                return json.equals("-0") ? "0" : json; // integral: go-yaml reads the JSON text back as an int
            }
            return GoFormat.formatG(d);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        throw new IllegalArgumentException("not a Helm value: " + value.getClass().getName());
    }

    /** go-yaml v2's stringv(): literal for text with a newline, plain if it reads back as the same string, else double-quoted. */
    private static Style stringStyle(String s) {
        if (s.indexOf('\n') >= 0) {
            return Style.LITERAL;
        }
        boolean readsBackAsString = YamlReader.resolvePlain(s) instanceof String && !isTimestamp(s) && !isBase60Float(s);
        return readsBackAsString ? Style.PLAIN : Style.DOUBLE_QUOTED;
    }

    private static boolean isBase60Float(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return (c == '+' || c == '-' || (c >= '0' && c <= '9')) && s.indexOf(':') >= 0 && BASE60_FLOAT.matcher(s).matches();
    }

    /** go-yaml v2's parseTimestamp(): the date, RFC 3339 and space-separated forms time.Parse accepts. */
    static boolean isTimestamp(String s) {
        var m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            return false;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return false;
        }
        for (int g : new int[] {4, 7}) {
            if (m.group(g) != null && (Integer.parseInt(m.group(g)) > 23 || Integer.parseInt(m.group(g + 1)) > 59
                    || Integer.parseInt(m.group(g + 2)) > 59)) {
                return false;
            }
        }
        return true;
    }

    private void scalar(String text, Style requested) {
        int[] value = codePoints(text);
        var analysis = analyze(value);
        Style style = selectStyle(requested, analysis, value.length == 0);
        increaseIndent(true, false);
        boolean allowBreaks = !simpleKeyContext;
        switch (style) {
            case PLAIN -> writePlain(value, allowBreaks);
            case SINGLE_QUOTED -> writeSingleQuoted(value, allowBreaks);
            case DOUBLE_QUOTED -> writeDoubleQuoted(value, allowBreaks);
            case LITERAL -> writeLiteral(value);
        }
        popIndent();
    }

    private Style selectStyle(Style requested, Analysis analysis, boolean empty) {
        Style style = requested;
        if (simpleKeyContext && analysis.multiline()) {
            style = Style.DOUBLE_QUOTED;
        }
        if (style == Style.PLAIN) {
            if (!analysis.blockPlainAllowed() || (empty && simpleKeyContext)) {
                style = Style.SINGLE_QUOTED;
            }
        }
        if (style == Style.SINGLE_QUOTED && !analysis.singleQuotedAllowed()) {
            style = Style.DOUBLE_QUOTED;
        }
        if (style == Style.LITERAL && (!analysis.blockAllowed() || simpleKeyContext)) {
            style = Style.DOUBLE_QUOTED;
        }
        return style;
    }

    private record Analysis(boolean multiline, boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {}

    /** yaml_emitter_analyze_scalar (block context: flow-plain rules are not needed). */
    private static Analysis analyze(int[] value) {
        int n = value.length;
        if (n == 0) {
            return new Analysis(false, true, true, false);
        }
        boolean blockIndicators = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        if (n >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-') || (value[0] == '.' && value[1] == '.' && value[2] == '.'))) {
            blockIndicators = true;
        }
        boolean precededByWhitespace = true;
        for (int i = 0; i < n; i++) {
            int c = value[i];
            boolean followedByWhitespace = i + 1 >= n || isBlank(value[i + 1]);
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> blockIndicators = true;
                    case '?', ':', '-' -> blockIndicators |= followedByWhitespace;
                    default -> { }
                }
            } else if (c == ':') {
                blockIndicators |= followedByWhitespace;
            } else if (c == '#' && precededByWhitespace) {
                blockIndicators = true;
            }
            if (!isPrintable(c)) {
                specialCharacters = true;
            }
            if (c == ' ') {
                leadingSpace |= i == 0;
                trailingSpace |= i == n - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= i == n - 1;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlank(c) || isBreak(c) || c == 0;
        }
        boolean blockPlain = true;
        boolean singleQuoted = true;
        boolean block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            blockPlain = false;
        }
        if (trailingSpace) {
            block = false;
        }
        if (breakSpace) {
            blockPlain = false;
            singleQuoted = false;
        }
        if (spaceBreak || specialCharacters) {
            blockPlain = false;
            singleQuoted = false;
            block = false;
        }
        if (lineBreaks || blockIndicators) {
            blockPlain = false;
        }
        return new Analysis(lineBreaks, blockPlain, singleQuoted, block);
    }

    private void writePlain(int[] value, boolean allowBreaks) {
        if (!whitespace) {
            put(' ');
        }
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < value.length; i++) {
            int c = value[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < value.length && value[i + 1] == ' ')) {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                writeFoldedBreak(c, breaks);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        whitespace = false;
        indention = false;
    }

    private void writeSingleQuoted(int[] value, boolean allowBreaks) {
        writeIndicator("'", true, false, false);
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < value.length; i++) {
            int c = value[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < value.length - 1 && value[i + 1] != ' ') {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                writeFoldedBreak(c, breaks);
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                if (c == '\'') {
                    put('\'');
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        whitespace = false;
        indention = false;
    }

    /**
     * A line break inside a plain or single-quoted scalar, where a reader folds one break into a
     * space: the first '\n' of a run is written twice so it survives (go-yaml's write_plain and
     * write_single_quoted).
     */
    private void writeFoldedBreak(int c, boolean afterBreak) {
        if (!afterBreak && c == '\n') {
            putBreak();
        }
        writeBreak(c);
        indention = true;
    }

    private void writeDoubleQuoted(int[] value, boolean allowBreaks) {
        boolean spaces = false;
        writeIndicator("\"", true, false, false);
        for (int i = 0; i < value.length; i++) {
            int c = value[i];
            if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                put('\\');
                switch (c) {
                    case 0x00 -> put('0');
                    case 0x07 -> put('a');
                    case 0x08 -> put('b');
                    case 0x09 -> put('t');
                    case 0x0A -> put('n');
                    case 0x0B -> put('v');
                    case 0x0C -> put('f');
                    case 0x0D -> put('r');
                    case 0x1B -> put('e');
                    case 0x22 -> put('"');
                    case 0x5C -> put('\\');
                    case 0x85 -> put('N');
                    case 0xA0 -> put('_');
                    case 0x2028 -> put('L');
                    case 0x2029 -> put('P');
                    default -> {
                        int width = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
                        put(width == 2 ? 'x' : width == 4 ? 'u' : 'U');
                        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
                            put(Character.toUpperCase(Character.forDigit((c >> shift) & 0x0F, 16)));
                        }
                    }
                }
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < value.length - 1) {
                    writeIndent();
                    if (value[i + 1] == ' ') {
                        put('\\');
                    }
                } else {
                    write(c);
                }
                spaces = true;
            } else {
                write(c);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeLiteral(int[] value) {
        writeIndicator("|", true, false, false);
        writeBlockScalarHints(value);
        putBreak();
        indention = true;
        whitespace = true;
        boolean breaks = true;
        for (int c : value) {
            if (isBreak(c)) {
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                breaks = false;
            }
        }
    }

    private void writeBlockScalarHints(int[] value) {
        if (value.length > 0 && (value[0] == ' ' || isBreak(value[0]))) {
            writeIndicator(String.valueOf((char) ('0' + BEST_INDENT)), false, false, false);
        }
        String chomp = null;
        int last = value.length - 1;
        if (value.length == 0 || !isBreak(value[last])) {
            chomp = "-";
        } else if (last == 0 || isBreak(value[last - 1])) {
            chomp = "+";
        }
        if (chomp != null) {
            writeIndicator(chomp, false, false, false);
        }
    }

    private void increaseIndent(boolean flow, boolean indentless) {
        indents.push(indent);
        if (indent < 0) {
            indent = flow ? BEST_INDENT : 0;
        } else if (!indentless) {
            indent += BEST_INDENT;
        }
    }

    private void popIndent() {
        indent = indents.pop();
    }

    private void writeIndent() {
        int target = Math.max(indent, 0);
        if (!indention || column > target || (column == target && !whitespace)) {
            putBreak();
        }
        while (column < target) {
            put(' ');
        }
        whitespace = true;
        indention = true;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        indicator.codePoints().forEach(this::write);
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void put(char c) {
        out.append(c);
        column++;
    }

    private void write(int codePoint) {
        out.appendCodePoint(codePoint);
        column++;
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
    }

    private void writeBreak(int c) {
        if (c == '\n') {
            putBreak();
        } else {
            out.appendCodePoint(c);
            column = 0;
        }
    }

    private static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    /** libyaml's is_printable, per code point. */
    private static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }
}
