package epp.server;

/**
 * Rewrites the Prometheus Java client's text exposition so its numbers read as the Go client's
 * (issue 12: dashboards and alerts built for the Go EPP match on `le="0.0001"` and `1`, where the
 * Java client writes `le="1.0E-4"` and `1.0`). Comment lines, names and other label values are
 * kept byte for byte; sample values and the `le` and `quantile` labels are reformatted with
 * {@link GoFloat}.
 */
final class GoExposition {
    private GoExposition() {}

    static String rewrite(String exposition) {
        var out = new StringBuilder(exposition.length() + 64);
        int start = 0;
        while (start < exposition.length()) {
            int end = exposition.indexOf('\n', start);
            if (end < 0) {
                end = exposition.length();
            }
            String line = exposition.substring(start, end);
            out.append(line.isEmpty() || line.charAt(0) == '#' ? line : sample(line));
            if (end < exposition.length()) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** `name{labels} value [timestamp]`. */
    static String sample(String line) {
        var out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        out.append(line, 0, i);
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i, out);
        }
        // The rest: " value" and maybe " timestamp" (an integer, kept).
        int valueStart = i;
        while (valueStart < line.length() && line.charAt(valueStart) == ' ') {
            valueStart++;
        }
        out.append(line, i, valueStart);
        int valueEnd = line.indexOf(' ', valueStart);
        if (valueEnd < 0) {
            valueEnd = line.length();
        }
        out.append(GoFloat.reformat(line.substring(valueStart, valueEnd))).append(line, valueEnd, line.length());
        return out.toString();
    }

    /** Copies `{...}` from {@code open}, reformatting `le` and `quantile`; returns the index after `}`. */
    private static int labels(String line, int open, StringBuilder out) {
        out.append('{');
        int i = open + 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq);
            int valueStart = eq + 2; // after ="
            int j = valueStart;
            while (line.charAt(j) != '"') {
                j += line.charAt(j) == '\\' ? 2 : 1;
            }
            String value = line.substring(valueStart, j);
            boolean numeric = name.equals("le") || name.equals("quantile");
            out.append(name).append("=\"").append(numeric ? GoFloat.reformat(value) : value).append('"');
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                out.append(',');
                i++;
            }
        }
        out.append('}');
        return i + 1;
    }
}
