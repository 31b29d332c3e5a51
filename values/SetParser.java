package values;

import common.GoQuote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Helm's strvals parser ({@code pkg/strvals}): writes the assignments of one {@code --set},
 * {@code --set-string}, {@code --set-file}, {@code --set-json} or {@code --set-literal} argument
 * into a values map, in place, with Helm's grammar, limits, quirks and error texts (values.md 2.2–2.4).
 *
 * <p>Go's {@code io.EOF} flows through the original as an error value; here the methods return
 * {@code true} for it. Go's recovered type-assertion panics become {@link TypeAssertion}, turned
 * into {@code unable to parse key: ...} by the nearest {@link #key} as in Helm.
 */
final class SetParser {
    static final long MAX_INDEX = 65536;
    static final int MAX_NESTED_NAME_LEVEL = 30;

    /** How a flag turns the text of a value into a Helm value. */
    enum Mode {
        /** --set: typed scalars (bool, null, int64, else string), {a,b} lists. */
        TYPED,
        /** --set-string: every scalar a string. */
        STRING,
        /** --set-file: every scalar names a file (or URL, or - for stdin) whose content is the string value. */
        FILE,
        /** --set-json: every value a JSON value. */
        JSON,
        /** --set-literal: one assignment, the rest of the argument verbatim. */
        LITERAL
    }

    /** Reads the content of a --set-file value. */
    interface FileReader {
        String read(String location) throws ParseError;
    }

    /**
     * A parse failure with strvals' message; {@code usage} is false when a file could not be read.
     * {@code position} is the 0-based code point offset in the argument the message is about, or -1.
     */
    static final class ParseError extends Exception {
        final boolean usage;
        final int position;

        ParseError(String message, boolean usage) {
            this(message, usage, -1);
        }

        ParseError(String message, boolean usage, int position) {
            super(message);
            this.usage = usage;
            this.position = position;
        }
    }

    /** Go's "interface conversion" panic, recovered by strvals' key(). */
    private static final class TypeAssertion extends RuntimeException {
        TypeAssertion(Object actual, String wanted) {
            super("interface conversion: interface {} is " + GoFormat.typeName(actual) + ", not " + wanted, null, false, false);
        }
    }

    private record ListResult(List<Object> list, boolean eof) {}

    private enum ListKind { LIST, EOF, NOT_LIST }

    private record ValList(List<Object> list, ListKind kind) {}

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private final RuneScanner sc;
    private final Mode mode;
    private final FileReader fileReader;

    private SetParser(String text, Mode mode, FileReader fileReader) {
        this.sc = new RuneScanner(text);
        this.mode = mode;
        this.fileReader = fileReader;
    }

    /** Parses one flag argument into {@code dest}; {@code fileReader} is used by {@link Mode#FILE} only. */
    static void parseInto(String text, Map<String, Object> dest, Mode mode, FileReader fileReader) throws ParseError {
        var parser = new SetParser(text, mode, fileReader);
        while (!parser.key(dest, 0)) {
            // one assignment per round, until the end of the argument
        }
    }

    /** strvals' key(): one assignment (or the rest of its path). Returns true at the end of input. */
    private boolean key(Map<String, Object> data, int nestedNameLevel) throws ParseError {
        try {
            return keyUnrecovered(data, nestedNameLevel);
        } catch (TypeAssertion panic) {
            throw new ParseError("unable to parse key: " + panic.getMessage(), true);
        }
    }

    private boolean keyUnrecovered(Map<String, Object> data, int nestedNameLevel) throws ParseError {
        var until = sc.until(mode == Mode.LITERAL ? "=[." : "=[,.", escapes());
        String k = until.text();
        if (until.eof()) {
            if (k.isEmpty()) {
                return true;
            }
            throw usage("key " + GoQuote.quote(k) + " has no value");
        }
        switch (until.last()) {
            case '[' -> {
                long index = keyIndex();
                List<Object> list = data.containsKey(k) ? asList(data.get(k)) : new ArrayList<>();
                var result = listItem(list, index, nestedNameLevel);
                set(data, k, result.list());
                return result.eof();
            }
            case '=' -> {
                if (mode == Mode.LITERAL) {
                    set(data, k, literalValue());
                    return false;
                }
                if (mode == Mode.JSON) {
                    set(data, k, emptyValue() ? null : jsonValue());
                    return false;
                }
                var valList = valList();
                switch (valList.kind()) {
                    case LIST -> {
                        set(data, k, valList.list());
                        return false;
                    }
                    case EOF -> {
                        set(data, k, "");
                        return true;
                    }
                    default -> {
                        set(data, k, scalar(value()));
                        return false;
                    }
                }
            }
            case ',' -> throw usage("key " + GoQuote.quote(k) + " has no value (cannot end with ,)");
            default -> { // '.'
                nestedNameLevel++;
                if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
                    throw usage("value name nested level is greater than maximum supported nested level of " + MAX_NESTED_NAME_LEVEL);
                }
                Map<String, Object> inner = data.containsKey(k) ? asMap(data.get(k)) : new LinkedHashMap<>();
                int innerKeyAt = sc.position();
                boolean eof = key(inner, nestedNameLevel);
                if (!eof && inner.isEmpty()) {
                    // strvals sets nothing under an empty key, so the key after this dot was empty
                    throw new ParseError("key map " + GoQuote.quote(k) + " has no value", true, innerKeyAt);
                }
                if (!inner.isEmpty()) {
                    set(data, k, inner);
                }
                return eof;
            }
        }
    }

    /** strvals' listItem(): what follows {@code [i]}. */
    private ListResult listItem(List<Object> list, long i, int nestedNameLevel) throws ParseError {
        if (i < 0) {
            throw usage("negative " + i + " index not allowed");
        }
        var until = sc.until("[.=", escapes());
        if (!until.text().isEmpty()) {
            throw usage("unexpected data at end of array index: " + GoQuote.quoteRunes(until.text()));
        }
        if (until.eof()) {
            return new ListResult(list, true);
        }
        switch (until.last()) {
            case '=' -> {
                if (mode == Mode.LITERAL) {
                    return new ListResult(setIndex(list, i, literalValue()), false);
                }
                if (mode == Mode.JSON) {
                    return new ListResult(setIndex(list, i, emptyValue() ? null : jsonValue()), false);
                }
                var valList = valList();
                Object value = switch (valList.kind()) {
                    case LIST -> valList.list();
                    case EOF -> "";
                    default -> scalar(value());
                };
                return new ListResult(setIndex(list, i, value), false);
            }
            case '[' -> {
                long nextIndex = keyIndex();
                List<Object> current = size(list) > i ? asList(list.get((int) i)) : null;
                var nested = listItem(current, nextIndex, nestedNameLevel);
                if (nested.eof()) {
                    return new ListResult(list, true);
                }
                return new ListResult(setIndex(list, i, nested.list()), false);
            }
            default -> { // '.'
                Map<String, Object> inner = new LinkedHashMap<>();
                if (size(list) > i) {
                    if (list.get((int) i) instanceof Map<?, ?> existing) {
                        inner = castMap(existing);
                    } else {
                        // indices out of order: the element becomes a map (row 35)
                        list.set((int) i, inner);
                    }
                }
                if (key(inner, nestedNameLevel)) {
                    return new ListResult(list, true);
                }
                return new ListResult(setIndex(list, i, inner), false);
            }
        }
    }

    /** strvals' keyIndex(): the text up to {@code ]} as a Go int. */
    private long keyIndex() throws ParseError {
        var until = sc.until("]", escapes());
        if (until.eof()) {
            throw usage("error parsing index: EOF");
        }
        String text = until.text();
        if (!DECIMAL.matcher(text).matches()) {
            throw usage("error parsing index: strconv.Atoi: parsing " + GoQuote.quote(text) + ": invalid syntax");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw usage("error parsing index: strconv.Atoi: parsing " + GoQuote.quote(text) + ": value out of range");
        }
    }

    /** strvals' valList(): a {a,b,c} list, or NOT_LIST (nothing consumed), or EOF. */
    private ValList valList() throws ParseError {
        int first = sc.read();
        if (first == RuneScanner.EOF) {
            return new ValList(null, ListKind.EOF);
        }
        if (first != '{') {
            sc.unread();
            return new ValList(null, ListKind.NOT_LIST);
        }
        var list = new ArrayList<Object>();
        while (true) {
            var until = sc.until(",}", escapes());
            if (until.eof()) {
                throw usage("list must terminate with '}'");
            }
            list.add(scalar(until.text()));
            if (until.last() == '}') {
                int next = sc.read();
                if (next != RuneScanner.EOF && next != ',') {
                    sc.unread();
                }
                return new ValList(list, ListKind.LIST);
            }
        }
    }

    /** strvals' val(): the text up to the next unescaped comma. */
    private String value() {
        return sc.until(",", escapes()).text();
    }

    /** --set-literal's value: everything left, verbatim. */
    private String literalValue() {
        String value = sc.rest();
        sc.skip(value.codePointCount(0, value.length()));
        return value;
    }

    /** strvals' emptyVal(): skips blanks; true when a comma or the end follows (consumed), false otherwise (not consumed). */
    private boolean emptyValue() {
        while (true) {
            int r = sc.read();
            if (r == RuneScanner.EOF || r == ',') {
                return true;
            }
            if (!isGoSpace(r)) {
                sc.unread();
                return false;
            }
        }
    }

    /** One JSON value at the current position (Go's json.Decoder.Decode), then the blanks and comma after it. */
    private Object jsonValue() throws ParseError {
        String rest = sc.rest();
        int end;
        Object value;
        try {
            end = JsonValueExtent.end(rest);
            value = Json.read(rest.substring(0, end));
        } catch (ValuesException e) {
            throw usage(e.getMessage());
        }
        sc.skip(rest.codePointCount(0, end));
        emptyValue();
        return value;
    }

    /** A scalar value's text as this flag's type: typedVal for --set, a string for --set-string, file content for --set-file. */
    private Object scalar(String text) throws ParseError {
        return switch (mode) {
            case TYPED -> typedValue(text);
            case FILE -> fileReader.read(text);
            default -> text;
        };
    }

    /** strvals' typedVal(): true/false/null (any case), int64 unless it starts with 0, else the string. */
    static Object typedValue(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        } else if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        } else if (text.equalsIgnoreCase("null")) {
            return null;
        } else if (text.equals("0")) {
            return 0L;
        }
        if (!text.isEmpty() && text.charAt(0) != '0' && DECIMAL.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException overflow) {
                return text;
            }
        }
        return text;
    }

    private boolean escapes() {
        return mode != Mode.LITERAL;
    }

    private static void set(Map<String, Object> data, String key, Object value) {
        if (!key.isEmpty()) {
            data.put(key, value);
        }
    }

    private static List<Object> setIndex(List<Object> list, long index, Object value) throws ParseError {
        if (index < 0) {
            throw usage("negative " + index + " index not allowed");
        }
        if (index > MAX_INDEX) {
            throw usage("index of " + index + " is greater than maximum supported index of " + MAX_INDEX);
        }
        List<Object> target = list == null ? new ArrayList<>() : list;
        while (target.size() <= index) {
            target.add(null);
        }
        target.set((int) index, value);
        return target;
    }

    private static int size(List<Object> list) {
        return list == null ? 0 : list.size();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new TypeAssertion(value, "[]interface {}");
    }

    private static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return castMap(map);
        }
        throw new TypeAssertion(value, "map[string]interface {}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static ParseError usage(String message) {
        return new ParseError(message, true);
    }

    /** Go's unicode.IsSpace. */
    static boolean isGoSpace(int r) {
        return switch (r) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> r >= 0x2000 && r <= 0x200A;
        };
    }
}
