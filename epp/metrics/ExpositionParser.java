package epp.metrics;

import common.ByteWords;
import common.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text format (0.0.4) for a fixed set of family names.
 *
 * <p>A vLLM body is ~52 KB and ~580 lines, scraped 20 times a second per endpoint, and the EPP
 * needs 4 of its lines. So the parser works on raw bytes: it compares the first 8 bytes of a line
 * with those of each wanted name in one `long` comparison, reads the full metric name (or the name
 * of a `# TYPE` line) only when they agree, and finds the end of an unwanted line 8 bytes at a time,
 * without allocating. Only wanted lines are fully parsed and validated: a malformed
 * line elsewhere does not fail the scrape (the reference parser validates every line).
 *
 * <p>Thread-safe: it keeps no state between calls.
 */
public final class ExpositionParser {
    private static final long NEWLINES = ByteWords.repeated('\n');

    private final byte[][] wanted;
    private final String[] wantedNames;
    /** The first (up to) 8 bytes of each wanted name as a little-endian long, and which bytes count. */
    private final long[] prefixes;
    private final long[] prefixMasks;

    public ExpositionParser(Collection<String> familyNames) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(familyNames));
        wantedNames = names.toArray(String[]::new);
        wanted = new byte[wantedNames.length][];
        for (int i = 0; i < wantedNames.length; i++) {
            wanted[i] = wantedNames[i].getBytes(StandardCharsets.UTF_8);
        }
        prefixes = new long[wanted.length];
        prefixMasks = new long[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            for (int b = 0; b < Math.min(8, wanted[i].length); b++) {
                prefixes[i] |= (wanted[i][b] & 0xFFL) << (8 * b);
                prefixMasks[i] |= 0xFFL << (8 * b);
            }
        }
    }

    public Exposition parse(String body) throws MalformedExpositionException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length);
    }

    /** Parses {@code buf[0, length)}. */
    public Exposition parse(byte[] buf, int length) throws MalformedExpositionException {
        Map<String, List<Sample>> families = new HashMap<>();
        int pos = 0;
        int line = 1;
        while (pos < length) {
            int lineEnd = lineEnd(buf, pos, length);
            int p = skipBlanks(buf, pos, lineEnd);
            if (p < lineEnd && (p + 8 > lineEnd || mayBeWanted(ByteWords.read(buf, p)))) {
                if (buf[p] == '#') {
                    int family = typeLineFamily(buf, p + 1, lineEnd);
                    if (family >= 0) {
                        families.computeIfAbsent(wantedNames[family], k -> new ArrayList<>());
                    }
                } else {
                    int nameEnd = nameEnd(buf, p, lineEnd);
                    int family = match(buf, p, nameEnd);
                    if (family >= 0) {
                        Sample sample = new SampleLine(buf, nameEnd, lineEnd, line).parse();
                        families.computeIfAbsent(wantedNames[family], k -> new ArrayList<>()).add(sample);
                    }
                }
            }
            pos = lineEnd + 1;
            line++;
        }
        Map<String, List<Sample>> ordered = new LinkedHashMap<>();
        families.forEach((name, samples) -> ordered.put(name, List.copyOf(samples)));
        return new Exposition(ordered);
    }

    /** False when the line's first 8 bytes rule out every wanted name (and it is no comment). */
    private boolean mayBeWanted(long first8) {
        if ((first8 & 0xFF) == '#') {
            return true;
        }
        for (int i = 0; i < prefixes.length; i++) {
            if ((first8 & prefixMasks[i]) == prefixes[i]) {
                return true;
            }
        }
        return false;
    }

    /** Index of the next '\n' at or after {@code from}, or {@code to}: 8 bytes per step (SWAR zero-byte test). */
    static int lineEnd(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long newlines = ByteWords.equalTo(ByteWords.read(buf, i), NEWLINES);
            if (newlines != 0) {
                return i + (Long.numberOfTrailingZeros(newlines) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /** For `# TYPE name type`: index of the wanted family it declares, else -1 (HELP, comments, unwanted). */
    private int typeLineFamily(byte[] buf, int p, int end) {
        p = skipBlanks(buf, p, end);
        if (end - p < 5 || buf[p] != 'T' || buf[p + 1] != 'Y' || buf[p + 2] != 'P' || buf[p + 3] != 'E'
                || (buf[p + 4] != ' ' && buf[p + 4] != '\t')) {
            return -1;
        }
        p = skipBlanks(buf, p + 4, end);
        int nameEnd = p;
        while (nameEnd < end && buf[nameEnd] != ' ' && buf[nameEnd] != '\t') {
            nameEnd++;
        }
        return match(buf, p, nameEnd);
    }

    private int match(byte[] buf, int from, int to) {
        int len = to - from;
        for (int i = 0; i < wanted.length; i++) {
            byte[] w = wanted[i];
            if (w.length == len && java.util.Arrays.equals(buf, from, to, w, 0, len)) {
                return i;
            }
        }
        return -1;
    }

    private static int nameEnd(byte[] buf, int p, int end) {
        while (p < end) {
            byte b = buf[p];
            if (b == '{' || b == ' ' || b == '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    static int skipBlanks(byte[] buf, int p, int end) {
        while (p < end && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\r')) {
            p++;
        }
        return p;
    }

    /** The rest of one wanted sample line, after its name: `{labels} value [timestamp]`. */
    private static final class SampleLine {
        private final byte[] buf;
        private final int end;
        private final int line;
        private int p;

        SampleLine(byte[] buf, int afterName, int end, int line) {
            this.buf = buf;
            this.p = afterName;
            this.end = end;
            this.line = line;
        }

        Sample parse() throws MalformedExpositionException {
            Map<String, String> labels = Map.of();
            p = skipBlanks(buf, p, end);
            if (p < end && buf[p] == '{') {
                labels = labels();
                p = skipBlanks(buf, p, end);
            }
            double value = parseValue(token("sample value"));
            p = skipBlanks(buf, p, end);
            long timestamp = 0;
            if (p < end) {
                String ts = token("timestamp");
                try {
                    timestamp = Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw error("timestamp " + GoQuote.quote(ts) + " is not an integer");
                }
                if (skipBlanks(buf, p, end) < end) {
                    throw error("unexpected text after the timestamp");
                }
            }
            return new Sample(labels, value, timestamp);
        }

        private Map<String, String> labels() throws MalformedExpositionException {
            Map<String, String> labels = new LinkedHashMap<>();
            p++; // '{'
            while (true) {
                p = skipBlanks(buf, p, end);
                if (p < end && buf[p] == '}') {
                    p++;
                    return labels;
                }
                int nameStart = p;
                while (p < end && buf[p] != '=' && buf[p] != ' ' && buf[p] != '\t' && buf[p] != '}' && buf[p] != ',') {
                    p++;
                }
                if (p == nameStart) {
                    throw error("expected a label name");
                }
                String name = new String(buf, nameStart, p - nameStart, StandardCharsets.UTF_8);
                p = skipBlanks(buf, p, end);
                if (p >= end || buf[p] != '=') {
                    throw error("expected '=' after label name " + GoQuote.quote(name));
                }
                p = skipBlanks(buf, p + 1, end);
                if (p >= end || buf[p] != '"') {
                    throw error("expected '\"' to start the value of label " + GoQuote.quote(name));
                }
                labels.put(name, labelValue(name));
                p = skipBlanks(buf, p, end);
                if (p < end && buf[p] == ',') {
                    p++;
                } else if (p >= end || buf[p] != '}') {
                    throw error("expected ',' or '}' after the value of label " + GoQuote.quote(name));
                }
            }
        }

        /** A quoted label value with the escapes `\\`, `\"` and `\n`. */
        private String labelValue(String name) throws MalformedExpositionException {
            int start = ++p;
            while (p < end && buf[p] != '"' && buf[p] != '\\') {
                p++;
            }
            if (p < end && buf[p] == '"') {
                return new String(buf, start, p++ - start, StandardCharsets.UTF_8);
            }
            var out = new java.io.ByteArrayOutputStream();
            out.write(buf, start, p - start);
            while (p < end && buf[p] != '"') {
                if (buf[p] == '\\') {
                    if (p + 1 >= end) {
                        break;
                    }
                    byte escaped = buf[++p];
                    switch (escaped) {
                        case '\\', '"' -> out.write(escaped);
                        case 'n' -> out.write('\n');
                        default -> throw error("invalid escape \\" + (char) escaped + " in the value of label "
                                + GoQuote.quote(name));
                    }
                } else {
                    out.write(buf[p]);
                }
                p++;
            }
            if (p >= end) {
                throw error("unterminated value of label " + GoQuote.quote(name));
            }
            p++;
            return out.toString(StandardCharsets.UTF_8);
        }

        private String token(String what) throws MalformedExpositionException {
            int start = p;
            while (p < end && buf[p] != ' ' && buf[p] != '\t' && buf[p] != '\r') {
                p++;
            }
            if (p == start) {
                throw error("missing " + what);
            }
            return new String(buf, start, p - start, StandardCharsets.ISO_8859_1);
        }

        /** Go's ParseFloat as the text format uses it: also `+Inf`, `-Inf`, `NaN`; no Java `d`/`f` suffixes. */
        private double parseValue(String text) throws MalformedExpositionException {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            switch (lower) {
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> { }
            }
            char last = lower.charAt(lower.length() - 1);
            if (last == 'd' || last == 'f') { // Java's float/double suffixes; Go has none
                throw error("sample value " + GoQuote.quote(text) + " is not a number");
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("sample value " + GoQuote.quote(text) + " is not a number");
            }
        }

        private MalformedExpositionException error(String message) {
            return new MalformedExpositionException("line " + line + ": " + message);
        }
    }

    /** The body is not valid Prometheus text where the EPP needed it. */
    public static final class MalformedExpositionException extends Exception {
        MalformedExpositionException(String message) {
            super(message);
        }
    }
}
