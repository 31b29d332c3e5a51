package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 74 examples of values.md 2.8, measured with Helm v4.1.4: the flags of each row, merged as
 * MergeValues does and coalesced over the row's chart, give Helm's .Values (compared by meaning,
 * with each top-level key's Go type), or Helm's error.
 */
class HelmValuesExamplesTest {
    private static final String EMPTY = "empty";
    private static final String DUMP = "dump";
    private static final String DUMP_DEFAULTS = "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}";

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheFilesOfTheExamples() throws IOException {
        Files.writeString(dir.resolve("f1.yaml"), "a: from-f1\nnested:\n  b:\n    d: 3\nlist: [z]\n");
        Files.writeString(dir.resolve("f2.yaml"), "a: from-f2\nimage:\n  tag: null\n");
        Files.writeString(dir.resolve("multi.yaml"), "a: 1\nb:\n  x: 1\n---\nb:\n  y: 2\nc: 3\n");
        Files.writeString(dir.resolve("big.yaml"), "big: 12345678901234567\nmedium: 1234567\nflt: 1.50\n");
        Files.writeString(dir.resolve("nullkey.yaml"), "x: null\nimage:\n  repo: null\n");
        Files.writeString(dir.resolve("file.txt"), "hello\nworld\n");
        Files.writeString(dir.resolve("bad.yaml"), "list: [a, b\n");
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                row(1, EMPTY, List.of("--set", "a=b,c=d"), "{a: b, c: d}", "a: string;c: string"),
                row(2, EMPTY, List.of("--set", "a.b.c=1"), "{a: {b: {c: 1}}}", "a: map"),
                row(3, EMPTY, List.of("--set", "a=b\\,c"), "{a: \"b,c\"}", "a: string"),
                row(4, EMPTY, List.of("--set", "a\\.b=c"), "{a.b: c}", "a.b: string"),
                row(5, EMPTY, List.of("--set", "podAnnotations.example\\.com/foo=bar"), "{podAnnotations: {example.com/foo: bar}}", "podAnnotations: map"),
                row(6, EMPTY, List.of("--set", "a=b=c"), "{a: b=c}", "a: string"),
                row(7, EMPTY, List.of("--set", "a\\=b=c"), "{a=b: c}", "a=b: string"),
                row(8, EMPTY, List.of("--set", "a=b\\\\c"), "{a: \"b\\\\c\"}", "a: string"),
                row(9, EMPTY, List.of("--set", "a = b"), "{\"a \": \" b\"}", "a : string"),
                row(10, EMPTY, List.of("--set", "a=1,a=2"), "{a: 2}", "a: int64"),
                row(11, EMPTY, List.of("--set", "a=1,"), "{a: 1}", "a: int64"),
                row(12, EMPTY, List.of("--set", "a="), "{a: \"\"}", "a: string"),
                row(13, EMPTY, List.of("--set", ""), "{}", ""),
                row(14, EMPTY, List.of("--set", "a"), "ERROR: failed parsing --set data: key \"a\" has no value", ""),
                row(15, EMPTY, List.of("--set", "a,b=c"), "ERROR: failed parsing --set data: key \"a\" has no value (cannot end with ,)", ""),
                row(16, EMPTY, List.of("--set", "a=1,b"), "ERROR: failed parsing --set data: key \"b\" has no value", ""),
                row(17, EMPTY, List.of("--set", "a.=1"), "ERROR: failed parsing --set data: key map \"a\" has no value", ""),
                row(18, EMPTY, List.of("--set", "a[0]=x"), "{a: [x]}", "a: list"),
                row(19, EMPTY, List.of("--set", "a[2]=x"), "{a: [null, null, x]}", "a: list"),
                row(20, EMPTY, List.of("--set", "a[0].b=c,a[0].d=e"), "{a: [{b: c, d: e}]}", "a: list"),
                row(21, EMPTY, List.of("--set", "a[0][1]=x"), "{a: [[null, x]]}", "a: list"),
                row(22, EMPTY, List.of("--set", "a[0]=x", "--set", "a[1]=y"), "{a: [x, \"y\"]}", "a: list"),
                row(23, EMPTY, List.of("--set", "a={x,y,z}"), "{a: [x, \"y\", z]}", "a: list"),
                row(24, EMPTY, List.of("--set", "a={}"), "{a: [\"\"]}", "a: list"),
                row(25, EMPTY, List.of("--set", "a=\\{x\\}"), "{a: \"{x}\"}", "a: string"),
                row(26, EMPTY, List.of("--set", "a={x,y"), "ERROR: failed parsing --set data: list must terminate with '}'", ""),
                row(27, EMPTY, List.of("--set", "a=[1,2]"), "ERROR: failed parsing --set data: key \"2]\" has no value", ""),
                row(28, EMPTY, List.of("--set", "a[-1]=x"), "ERROR: failed parsing --set data: negative -1 index not allowed", ""),
                row(29, EMPTY, List.of("--set", "a[65537]=x"), "ERROR: failed parsing --set data: index of 65537 is greater than maximum supported index of 65536", ""),
                row(30, EMPTY, List.of("--set", "a[x]=1"), "ERROR: failed parsing --set data: error parsing index: strconv.Atoi: parsing \"x\": invalid syntax", ""),
                row(31, EMPTY, List.of("--set", "a[0]b=1"), "ERROR: failed parsing --set data: unexpected data at end of array index: ['b']", ""),
                row(32, EMPTY, List.of("--set", "a=1", "--set", "a.b=2"), "ERROR: failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}", ""),
                row(33, EMPTY, List.of("--set", "a=1", "--set", "a[0]=2"), "ERROR: failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not []interface {}", ""),
                row(34, EMPTY, List.of("--set", "a.b=2", "--set", "a=1"), "{a: 1}", "a: int64"),
                row(35, EMPTY, List.of("--set", "a[0]=1", "--set", "a[0].b=2"), "{a: [{b: 2}]}", "a: list"),
                row(36, EMPTY, List.of("--set", "t1=true,t2=TRUE,t3=False,n1=null,n2=NULL"), "{n1: null, n2: null, t1: true, t2: true, t3: false}", "n1: <nil>;n2: <nil>;t1: bool;t2: bool;t3: bool"),
                row(37, EMPTY, List.of("--set", "i0=0,i1=42,i2=-5,i3=+5,i4=007,i5=1.5,i6=1e3,i7=9223372036854775808,i8=0x1F"),
                        "{i0: 0, i1: 42, i2: -5, i3: 5, i4: \"007\", i5: \"1.5\", i6: \"1e3\", i7: \"9223372036854775808\", i8: \"0x1F\"}",
                        "i0: int64;i1: int64;i2: int64;i3: int64;i4: string;i5: string;i6: string;i7: string;i8: string"),
                row(38, EMPTY, List.of("--set", "v1=yes,v2=~,v3=on"), "{v1: \"yes\", v2: \"~\", v3: \"on\"}", "v1: string;v2: string;v3: string"),
                row(39, EMPTY, List.of("--set-string", "s1=true,s2=42,s3=null"), "{s1: \"true\", s2: \"42\", s3: \"null\"}", "s1: string;s2: string;s3: string"),
                row(40, EMPTY, List.of("--set-json", "a={\"b\":[1,2],\"c\":null}"), "{a: {b: [1, 2], c: null}}", "a: map"),
                row(41, EMPTY, List.of("--set-json", "a=[1,\"x\",true],b=3"), "{a: [1, x, true], b: 3}", "a: list;b: float64"),
                row(42, EMPTY, List.of("--set-json", "a.b=1.5,a.c=\"s\""), "{a: {b: 1.5, c: s}}", "a: map"),
                row(43, EMPTY, List.of("--set-json", "a="), "{a: null}", "a: <nil>"),
                row(44, EMPTY, List.of("--set-json", "{\"a\":{\"b\":1},\"c\":[1]}"), "{a: {b: 1}, c: [1]}", "a: map;c: list"),
                row(45, EMPTY, List.of("--set-json", "{\"a\":{\"b\":1}}", "--set-json", "a.c=2"), "{a: {b: 1, c: 2}}", "a: map"),
                row(46, EMPTY, List.of("--set-json", "a=invalid"), "ERROR: failed parsing --set-json data a=invalid", ""),
                row(47, EMPTY, List.of("--set-json", "{\"a\":"), "ERROR: failed parsing --set-json data JSON: {\"a\":", ""),
                row(48, EMPTY, List.of("--set-literal", "a=b,c=d"), "{a: \"b,c=d\"}", "a: string"),
                row(49, EMPTY, List.of("--set-literal", "a=x\\,y\\.z"), "{a: \"x\\\\,y\\\\.z\"}", "a: string"),
                row(50, EMPTY, List.of("--set-literal", "a.b[0]=true"), "{a: {b: [\"true\"]}}", "a: map"),
                row(51, EMPTY, List.of("--set-file", "a=file.txt"), "{a: \"hello\\nworld\\n\"}", "a: string"),
                row(52, EMPTY, List.of("--set-file", "a=/nonexistent/file.txt"), "ERROR: failed parsing --set-file data: open /nonexistent/file.txt: no such file or directory", ""),
                row(53, EMPTY, List.of("--set", "a=fromset", "--set-string", "a=fromsetstring"), "{a: fromsetstring}", "a: string"),
                row(54, EMPTY, List.of("--set-string", "a=fromsetstring", "--set", "a=fromset"), "{a: fromsetstring}", "a: string"),
                row(55, EMPTY, List.of("--set-literal", "a=lit", "--set-file", "a=file.txt", "--set-json", "a=\"json\""), "{a: lit}", "a: string"),
                row(56, EMPTY, List.of("--set", "a=fromset", "-f", "f1.yaml"), "{a: fromset, list: [z], nested: {b: {d: 3}}}", "a: string;list: list;nested: map"),
                row(57, EMPTY, List.of("-f", "multi.yaml"), "{a: 1, b: {\"true\": 2, x: 1}, c: 3}", "a: float64;b: map;c: float64"),
                row(58, EMPTY, List.of("-f", "big.yaml"), "{big: 12345678901234568, flt: 1.5, medium: 1234567}", "big: float64;flt: float64;medium: float64"),
                row(59, EMPTY, List.of("-f", "bad.yaml"), "ERROR: failed to parse /path/bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'", ""),
                row(60, EMPTY, List.of("-f", "nonexistent.yaml"), "ERROR: open /path/nonexistent.yaml: no such file or directory", ""),
                row(61, DUMP, List.of("-f", "f1.yaml", "-f", "f2.yaml"), "{a: from-f2, image: {repo: nginx}, list: [z], nested: {a: 1, b: {c: 2, d: 3}}, replicas: 1}", "a: string;image: map;list: list;nested: map;replicas: float64"),
                row(62, DUMP, List.of("--set", "image.tag=null"), "{image: {repo: nginx}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(63, DUMP, List.of("--set", "image=null"), "{list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "list: list;nested: map;replicas: float64"),
                row(64, DUMP, List.of("-f", "nullkey.yaml"), "{image: {tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1, x: null}", "image: map;list: list;nested: map;replicas: float64;x: <nil>"),
                row(65, DUMP, List.of("--set", "nothere=null"), "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, nothere: null, replicas: 1}", "image: map;list: list;nested: map;nothere: <nil>;replicas: float64"),
                row(66, DUMP, List.of("--set", "list[1]=X"), "{image: {repo: nginx, tag: \"1.0\"}, list: [null, X], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(67, DUMP, List.of("--set", "list={}"), "{image: {repo: nginx, tag: \"1.0\"}, list: [\"\"], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(68, DUMP, List.of("--set", "nested=5"), "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: 5, replicas: 1}", "image: map;list: list;nested: int64;replicas: float64"),
                row(69, DUMP, List.of("--set", "image.repo.x=1"), "{image: {repo: {x: 1}, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(70, DUMP, List.of("--set", "replicas=3,nested.b.c=null,nested.b.e=4"), "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {e: 4}}, replicas: 3}", "image: map;list: list;nested: map;replicas: int64"),
                row(71, DUMP, List.of("--set-json", "image={\"tag\":\"2.0\"}"), "{image: {repo: nginx, tag: \"2.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(72, DUMP, List.of("--set", "image.tag=2.0"), "{image: {repo: nginx, tag: \"2.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(73, DUMP, List.of("--set", "image.tag=2"), "{image: {repo: nginx, tag: 2}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1}", "image: map;list: list;nested: map;replicas: float64"),
                row(74, DUMP, List.of("--set-string", "replicas=3"), "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: \"3\"}", "image: map;list: list;nested: map;replicas: string"));
    }

    private static Arguments row(int number, String chart, List<String> flags, String result, String goTypes) {
        return Arguments.of(number, chart, flags, result, goTypes);
    }

    @ParameterizedTest(name = "row {0}: {1} {2} gives {3}")
    @MethodSource("examples")
    void helmTemplateWithTheseFlagsGivesTheseValues(int number, String chart, List<String> flags, String result, String goTypes) {
        UserValues.Flags parsed = flags(flags);
        var sources = new SourceReader(new ByteArrayInputStream(new byte[0]));
        if (result.startsWith("ERROR: ")) {
            String expected = result.substring("ERROR: ".length()).replace("/path/", dir + "/");
            var error = assertThrows(ValuesException.class, () -> UserValues.merge(parsed, sources));
            assertErrorMeans(expected, error.getMessage());
            boolean fileProblem = number == 52 || number == 59 || number == 60;
            assertEquals(!fileProblem, error.usageError(), "bad --set* syntax is a usage error, an unreadable or invalid file is not");
            return;
        }
        Map<String, Object> defaults = chart.equals(DUMP) ? Yaml.readValues(DUMP_DEFAULTS, "dump/values.yaml") : Map.of();
        var warnings = new ArrayList<String>();

        Map<String, Object> values = Coalesce.coalesce(defaults, UserValues.merge(parsed, sources), warnings);

        assertEquals(Yaml.readValues(result, "expected"), withLongsAsDoubles(values), "row " + number);
        assertEquals(goTypes, topLevelGoTypes(values), "Go types of row " + number);
        if (number == 69) {
            assertEquals(List.of("warning: destination for image.repo is a table. Ignoring non-table value (nginx)"), warnings);
        }
    }

    /** Helm's text, word for word, then (optionally) a hint of ours in parentheses. */
    private static void assertErrorMeans(String helm, String actual) {
        if (helm.contains("yaml: line 1: did not find expected ',' or ']'")) {
            String prefix = helm.substring(0, helm.indexOf("did not find"));
            assertTrue(actual.startsWith(prefix) && actual.contains("expected ',' or ']'"), actual);
            return;
        }
        assertTrue(actual.equals(helm) || actual.startsWith(helm + " ("), "expected Helm's\n  " + helm + "\nbut got\n  " + actual);
    }

    private UserValues.Flags flags(List<String> args) {
        var files = new ArrayList<String>();
        var json = new ArrayList<String>();
        var set = new ArrayList<String>();
        var string = new ArrayList<String>();
        var file = new ArrayList<String>();
        var literal = new ArrayList<String>();
        for (int i = 0; i < args.size(); i += 2) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "-f" -> files.add(dir.resolve(value).toString());
                case "--set-json" -> json.add(value);
                case "--set" -> set.add(value);
                case "--set-string" -> string.add(value);
                case "--set-file" -> file.add(value.replace("=file.txt", "=" + dir.resolve("file.txt")));
                case "--set-literal" -> literal.add(value);
                default -> throw new IllegalArgumentException(args.get(i));
            }
        }
        return new UserValues.Flags(files, json, set, string, file, literal);
    }

    /** The table's "Go types" column: typeOf of each top-level key, in key order. */
    static String topLevelGoTypes(Map<String, Object> values) {
        var joiner = new StringJoiner(";");
        values.keySet().stream().sorted().forEach(key -> {
            Object value = values.get(key);
            String type = value instanceof Map ? "map" : value instanceof List ? "list" : value == null ? "<nil>" : GoFormat.typeName(value);
            joiner.add(key + ": " + type);
        });
        return joiner.toString();
    }

    /** Numbers compared by value: the expectation is read from YAML, where every number is a Double. */
    static Object withLongsAsDoubles(Object value) {
        if (value instanceof Long l) {
            return (double) l;
        } else if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put((String) k, withLongsAsDoubles(v)));
            return copy;
        } else if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(item -> copy.add(withLongsAsDoubles(item)));
            return copy;
        }
        return value;
    }
}
