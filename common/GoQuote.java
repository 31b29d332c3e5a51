package common;

import java.util.ArrayList;

/**
 * Go's {@code %q}, for error messages that repeat Go programs' text (Helm's, the EPP's):
 * {@code strconv.Quote} of a string, and fmt's {@code %q} of a {@code []rune}.
 */
public final class GoQuote {
    private GoQuote() {}

    /** strconv.Quote: a double-quoted Go string literal, printable runes kept, others escaped. */
    public static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendQuotedRune(out, cp, '"'));
        return out.append('"').toString();
    }

    /** fmt's {@code %q} of a {@code []rune}: {@code ['b' 'c']}. */
    public static String quoteRunes(String s) {
        var parts = new ArrayList<String>();
        s.codePoints().forEach(cp -> {
            var one = new StringBuilder("'");
            appendQuotedRune(one, cp, '\'');
            parts.add(one.append('\'').toString());
        });
        return "[" + String.join(" ", parts) + "]";
    }

    private static void appendQuotedRune(StringBuilder out, int cp, char quote) {
        switch (cp) {
            case '\u0007' -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            case '\\' -> out.append("\\\\");
            default -> {
                if (cp == quote) {
                    out.append('\\').appendCodePoint(cp);
                } else if (isGoPrintable(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp < 0x80) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp <= 0xFFFF) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    private static boolean isGoPrintable(int cp) {
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.UNASSIGNED && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || cp == ' ');
    }
}
