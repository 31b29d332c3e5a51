package epp.scheduling.plugins.prefix;

import epp.scheduling.RequestBody;
import java.util.List;

/**
 * What Go's {@code json.Marshal} writes for the chat messages of a request (epp.md §2.9, §5.4): an array
 * of {@code {"Role":..,"Content":..}} objects (field names capitalised, both always present, null as
 * ""), strings escaped the Go way, including HTML-escaping of {@code < > &} and U+2028/U+2029.
 */
final class GoJsonMessages {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJsonMessages() {}

    static void write(List<RequestBody.Message> messages, BoundedBytes out) {
        out.put('[');
        for (int i = 0; i < messages.size() && !out.full(); i++) {
            if (i > 0) {
                out.put(',');
            }
            RequestBody.Message message = messages.get(i);
            out.putAscii("{\"Role\":");
            writeString(message.role(), out);
            out.putAscii(",\"Content\":");
            writeString(message.content(), out);
            out.put('}');
        }
        out.put(']');
    }

    static void writeString(String value, BoundedBytes out) {
        out.put('"');
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length() && !out.full(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.putAscii("\\\"");
                case '\\' -> out.putAscii("\\\\");
                case '\n' -> out.putAscii("\\n");
                case '\r' -> out.putAscii("\\r");
                case '\t' -> out.putAscii("\\t");
                case '\b' -> out.putAscii("\\b");
                case '\f' -> out.putAscii("\\f");
                case '<', '>', '&', 0x2028, 0x2029 -> unicodeEscape(c, out);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, out);
                    } else {
                        out.putCodePoint(c);
                    }
                }
            }
        }
        out.put('"');
    }

    private static void unicodeEscape(int c, BoundedBytes out) {
        out.putAscii("\\u");
        out.put(HEX[(c >> 12) & 0xF]);
        out.put(HEX[(c >> 8) & 0xF]);
        out.put(HEX[(c >> 4) & 0xF]);
        out.put(HEX[c & 0xF]);
    }
}
