package values;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML the way Helm does (sigs.k8s.io/yaml over go-yaml v2, then JSON): SnakeYAML parses
 * and composes the node tree, and the scalars are typed here with go-yaml v2's YAML 1.1 rules
 * ({@code yes}/{@code on}/{@code y} are booleans, {@code 0x1F} and {@code 0777} integers,
 * {@code 1_000} is 1000), then converted as the JSON step does: every number becomes a Double,
 * non-string keys become strings ({@code y:} → "true"), merge keys ({@code <<}) apply with v2's
 * order (a merge overrides keys written before it).
 */
final class YamlReader {
    /** Tag given to plain (unquoted, untagged) scalars so they are typed here, not by SnakeYAML. */
    private static final Tag PLAIN = new Tag("tag:pool.values,2026:plain");
    private static final int MAX_DEPTH = 1000;
    private static final long MAX_NODES = 5_000_000;

    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
    private static final Map<String, Object> RESOLVE_MAP = new java.util.HashMap<>();
    private static final Object NOT_IN_MAP = new Object();

    static {
        for (String s : List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")) {
            RESOLVE_MAP.put(s, Boolean.TRUE);
        }
        for (String s : List.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")) {
            RESOLVE_MAP.put(s, Boolean.FALSE);
        }
        for (String s : List.of("", "~", "null", "Null", "NULL")) {
            RESOLVE_MAP.put(s, null);
        }
        for (String s : List.of(".nan", ".NaN", ".NAN")) {
            RESOLVE_MAP.put(s, Double.NaN);
        }
        for (String s : List.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")) {
            RESOLVE_MAP.put(s, Double.POSITIVE_INFINITY);
        }
        for (String s : List.of("-.inf", "-.Inf", "-.INF")) {
            RESOLVE_MAP.put(s, Double.NEGATIVE_INFINITY);
        }
    }

    /** A YAML syntax or conversion error, in go-yaml's words where they differ little: {@code yaml: line 3: ...}. */
    static final class YamlError extends RuntimeException {
        YamlError(String message) {
            super(message, null, false, false);
        }
    }

    private long nodes;

    private YamlReader() {}

    /** Every document of the stream, converted; an empty document is null. */
    static List<Object> documents(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as go-yaml skips it
        }
        var options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(1000);
        options.setNestingDepthLimit(MAX_DEPTH);
        var composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new PlainMarkingResolver(), options);
        var reader = new YamlReader();
        var documents = new ArrayList<Object>();
        try {
            while (composer.checkNode()) {
                Node node = composer.getNode();
                documents.add(node == null ? null : reader.value(node, 0));
            }
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            int line = goErrorLine(e);
            throw new YamlError("yaml: " + (line != 0 ? "line " + line + ": " : "") + problem + context);
        } catch (YAMLException e) {
            throw new YamlError("yaml: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new YamlError("yaml: document nested too deeply");
        }
        return documents;
    }

    /**
     * The line go-yaml names: a scanner error's line (1-based); for a parser error the 0-based
     * line of the problem, which is the last line read when the input ended early ("line 1" for
     * an unclosed {@code [a, b} on line 1), else the context's; 0 for none.
     */
    private static int goErrorLine(MarkedYAMLException e) {
        var problem = e.getProblemMark();
        var context = e.getContextMark();
        if (problem != null && e instanceof ScannerException) {
            return problem.getLine() + 1;
        } else if (problem != null && problem.getLine() != 0) {
            return problem.getLine();
        } else if (context != null) {
            return context.getLine();
        }
        return 0;
    }

    /** Marks plain scalars for go-yaml typing; quoted ones are strings. */
    private static final class PlainMarkingResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar) {
                return implicit ? PLAIN : Tag.STR;
            }
            return super.resolve(kind, value, implicit);
        }
    }

    private Object value(Node node, int depth) {
        if (++nodes > MAX_NODES) {
            throw new YamlError("yaml: document has too many nodes (aliases expanding to more than " + MAX_NODES + ")");
        }
        if (depth > MAX_DEPTH) {
            throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1) + ": anchor value contains itself or nests too deeply");
        }
        if (node instanceof ScalarNode scalar) {
            return jsonValue(typedScalar(scalar), scalar);
        } else if (node instanceof SequenceNode sequence) {
            var list = new ArrayList<Object>(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                list.add(value(item, depth + 1));
            }
            return list;
        }
        var map = new LinkedHashMap<String, Object>();
        fillMapping((MappingNode) node, map, depth);
        return map;
    }

    /** go-yaml v2's mapping(): keys in order, later ones win, a merge key sets the merged keys at its place. */
    private void fillMapping(MappingNode mapping, Map<String, Object> target, int depth) {
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (isMerge(keyNode)) {
                merge(tuple.getValueNode(), target, depth);
                continue;
            }
            target.put(key(keyNode), value(tuple.getValueNode(), depth + 1));
        }
    }

    private static boolean isMerge(Node key) {
        return key instanceof ScalarNode scalar && "<<".equals(scalar.getValue())
                && (scalar.getTag().equals(PLAIN) || scalar.getTag().equals(Tag.MERGE));
    }

    /** go-yaml v2's merge(): a map, or a list of maps where earlier ones take precedence. */
    private void merge(Node value, Map<String, Object> target, int depth) {
        if (value instanceof MappingNode mapping) {
            fillMapping(mapping, target, depth + 1);
        } else if (value instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = items.size() - 1; i >= 0; i--) {
                if (!(items.get(i) instanceof MappingNode mapping)) {
                    throw mergeNeedsMap(value);
                }
                fillMapping(mapping, target, depth + 1);
            }
        } else {
            throw mergeNeedsMap(value);
        }
    }

    private static YamlError mergeNeedsMap(Node value) {
        return new YamlError("yaml: line " + (value.getStartMark().getLine() + 1)
                + ": map merge requires map or sequence of maps as the value");
    }

    /** A key as sigs.k8s.io/yaml turns it into a JSON object key. */
    private String key(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1)
                    + ": invalid map key: a " + (node instanceof SequenceNode ? "sequence" : "mapping") + " cannot be a key");
        }
        Object typed = typedScalar(scalar);
        if (typed instanceof String s) {
            return s;
        } else if (typed instanceof Boolean || typed instanceof Long || typed instanceof BigInteger) {
            return typed.toString();
        } else if (typed instanceof Double d) {
            if (d.isNaN()) {
                return ".nan";
            } else if (d.isInfinite()) {
                return d > 0 ? ".inf" : "-.inf";
            }
            return GoFormat.formatG32(d);
        }
        throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1)
                + ": unsupported map key of type: <nil> (a null key; quote it if it is meant as text: \"" + scalar.getValue() + "\")");
    }

    /** A typed scalar as the JSON step leaves it: numbers become Double; NaN and infinities have no JSON form. */
    private static Object jsonValue(Object typed, ScalarNode node) {
        if (typed instanceof Long l) {
            return (double) l;
        } else if (typed instanceof BigInteger big) {
            return big.doubleValue();
        } else if (typed instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1) + ": json: unsupported value: "
                    + GoFormat.formatG(d) + " (" + node.getValue() + " has no JSON form; quote it to keep it as text)");
        }
        return typed;
    }

    /** go-yaml v2's scalar typing: Boolean, null, Long, BigInteger (beyond int64), Double or String. */
    private static Object typedScalar(ScalarNode node) {
        Tag tag = node.getTag();
        String in = node.getValue();
        if (tag.equals(PLAIN)) {
            return resolvePlain(in);
        } else if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return in;
        } else if (tag.equals(Tag.BINARY)) {
            try {
                return new String(Base64.getMimeDecoder().decode(in), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1) + ": !!binary value contains invalid base64 data");
            }
        } else if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)) {
            Object resolved = resolvePlain(in);
            String resolvedTag = shortTag(resolved);
            String wanted = "!!" + tag.getValue().substring(Tag.PREFIX.length());
            if (resolvedTag.equals(wanted)) {
                return resolved;
            } else if (wanted.equals("!!float") && resolved instanceof Long l) {
                return (double) l;
            } else if (wanted.equals("!!float") && resolved instanceof BigInteger big) {
                return big.doubleValue();
            }
            throw new YamlError("yaml: line " + (node.getStartMark().getLine() + 1) + ": cannot decode "
                    + resolvedTag + " `" + in + "` as a " + wanted);
        }
        // a local or unknown tag: go-yaml v2 keeps the text
        return in;
    }

    private static String shortTag(Object resolved) {
        if (resolved == null) {
            return "!!null";
        } else if (resolved instanceof Boolean) {
            return "!!bool";
        } else if (resolved instanceof Long || resolved instanceof BigInteger) {
            return "!!int";
        } else if (resolved instanceof Double) {
            return "!!float";
        }
        return "!!str";
    }

    /** go-yaml v2's resolve() for an untagged plain scalar. */
    static Object resolvePlain(String in) {
        char hint = in.isEmpty() ? 'N' : hint(in.charAt(0));
        if (hint == 0) {
            return in;
        }
        Object mapped = RESOLVE_MAP.getOrDefault(in, NOT_IN_MAP);
        if (mapped != NOT_IN_MAP) {
            return mapped;
        }
        if (hint == '.') {
            if (DOT_FLOAT.matcher(in).matches()) {
                double d = Double.parseDouble(in);
                if (!Double.isInfinite(d)) {
                    return d;
                }
            }
        } else if (hint == 'D' || hint == 'S') {
            String plain = in.replace("_", "");
            BigInteger integer = goInteger(plain);
            if (integer != null && integer.bitLength() < 64) {
                return integer.longValue(); // ParseInt
            }
            boolean unsigned = !plain.startsWith("+") && !plain.startsWith("-");
            if (integer != null && unsigned && integer.bitLength() <= 64) {
                return integer; // ParseUint
            }
            if (YAML_FLOAT.matcher(plain).matches()) {
                double d = Double.parseDouble(plain);
                if (!Double.isInfinite(d)) {
                    return d;
                }
            }
            if (integer != null) {
                return integer; // big.Int
            }
        }
        return in;
    }

    private static char hint(char first) {
        if (first == '+' || first == '-') {
            return 'S';
        } else if (first >= '0' && first <= '9') {
            return 'D';
        } else if ("yYnNtTfFoO~".indexOf(first) >= 0) {
            return 'M';
        } else if (first == '.') {
            return '.';
        }
        return 0;
    }

    /**
     * The integer Go's strconv.ParseInt(s, 0, 64) syntax reads: an optional sign, then 0x/0o/0b,
     * a leading 0 (octal) or decimal digits. Null when the syntax is not an integer; the range is
     * checked by the caller.
     */
    static BigInteger goInteger(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                body = body.substring(2);
            } else {
                radix = 8;
                body = body.substring(1);
            }
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c > 0x7F || Character.digit(c, radix) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(body, radix);
        return negative ? value.negate() : value;
    }
}
