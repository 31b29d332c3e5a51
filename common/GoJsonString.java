package common;

/**
 * JSON string literals as Go's encoders write them, so pool's and the EPP's bytes match Go's
 * (Helm's release records, the EPP's request bodies and logs). Both dialects escape {@code "} and
 * {@code \}, write {@code \n \r \t} as two-character escapes and other control characters as
 * {@code \\u00xx}, and write a lone surrogate (invalid UTF-8 on the Go side) as {@code \\ufffd}.
 */
public final class GoJsonString {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Which Go encoder's string rules to follow. */
    public enum Dialect {
        /** encoding/json's Marshal: also {@code \b \f}, and HTML-safe {@code < > &} and U+2028/U+2029 as {@code \\u} escapes. */
        ENCODING_JSON,
        /** zap's JSON log encoder: nothing beyond the common rules. */
        ZAP
    }

    private GoJsonString() {}

    public static String quote(String s, Dialect dialect) {
        var out = new StringBuilder(s.length() + 2);
        appendQuoted(out, s, dialect);
        return out.toString();
    }

    public static void appendQuoted(StringBuilder out, String s, Dialect dialect) {
        boolean encodingJson = dialect == Dialect.ENCODING_JSON;
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append(encodingJson ? "\\b" : "\\u0008");
                case '\f' -> out.append(encodingJson ? "\\f" : "\\u000c");
                case '<', '>', '&', '\u2028', '\u2029' -> {
                    if (encodingJson) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isSurrogate(c) && !validSurrogatePair(s, i)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
