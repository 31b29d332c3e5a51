package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Yaml.write prints values as Helm's toYaml (sigs.k8s.io/yaml over go-yaml v2) does. */
class YamlWriteTest {
    private static Map<String, Object> map(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    @Test
    void doublesPrintLikeGoSoAPortFromAValuesFileIsNever8080Point0() {
        var values = map("port", 8080.0, "replicas", 1.0, "ratio", 1.5, "big", 12345678901234568.0, "negative", -3.0);

        assertEquals("port: 8080\nreplicas: 1\nratio: 1.5\nbig: 12345678901234568\nnegative: -3\n", Yaml.write(values));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', value = {
            "8080.0|8080",
            "0.5|0.5",
            "1.0E20|100000000000000000000",
            "1.0E21|1e+21",
            "1.0E-7|1e-07",
            "1234567.5|1.2345675e+06",
            "123456.5|123456.5",
            "0.30000000000000004|0.30000000000000004",
            "-0.0|0",
    })
    void nonIntegralAndHugeDoublesUseGoYamlsFloatFormat(double value, String expected) {
        assertEquals("x: " + expected + "\n", Yaml.write(map("x", value)));
    }

    @Test
    void longsBooleansAndNullArePlain() {
        assertEquals("a: 42\nb: true\nc: null\n", Yaml.write(map("a", 42L, "b", true, "c", null)));
    }

    @ParameterizedTest(name = "\"{0}\" is quoted because it would read back as another type")
    @ValueSource(strings = {"1.0", "007", "y", "Y", "yes", "no", "on", "off", "n", "true", "False", "null", "~", "1e3",
            "0x1F", "0o17", "0b101", "1_000", "+5", "-5", ".5", ".inf", "-.Inf", ".nan", "2001-12-14", "2001-12-14T21:59:43.10Z",
            "1:20", "12345678901234567890"})
    void stringsThatLookLikeOtherTypesAreDoubleQuoted(String text) {
        assertEquals("x: \"" + text + "\"\n", Yaml.write(map("x", text)));
    }

    @Test
    void theEmptyStringIsDoubleQuoted() {
        assertEquals("x: \"\"\n", Yaml.write(map("x", "")));
    }

    @ParameterizedTest(name = "\"{0}\" stays plain")
    @ValueSource(strings = {"nginx", "it's", "http://example.com:8080/a?b=c", "a-b", "2.0.1", "v1.2", "registry.k8s.io/epp:v1",
            "yes please", "éèà", "a:b", "a#b", "1.2.3.4", "2001-13-45", "-x", "key=value"})
    void ordinaryStringsArePlain(String text) {
        assertEquals("x: " + text + "\n", Yaml.write(map("x", text)));
    }

    @ParameterizedTest(name = "\"{0}\" needs single quotes")
    @ValueSource(strings = {"a: b", "- x", "-", "#x", "x #y", " lead", "trail ", "*x", "&x", "!x", "@x", "%x", "`x", "[x", "{x}",
            "|x", ">x", "'x", "\"x", "---", "...", "? x", ":"})
    void stringsThatCannotBePlainAreSingleQuoted(String text) {
        assertEquals("x: '" + text.replace("'", "''") + "'\n", Yaml.write(map("x", text)));
    }

    @Test
    void controlCharactersAndAstralCharactersAreEscapedInDoubleQuotes() {
        assertEquals("x: \"a\\tb\"\n", Yaml.write(map("x", "a\tb")));
        assertEquals("x: \"bell\\a\"\n", Yaml.write(map("x", "bell\u0007")));
        assertEquals("x: \"\\U0001F600\"\n", Yaml.write(map("x", "\uD83D\uDE00")));
    }

    @Test
    void multiLineStringsAreLiteralBlocksWithGoYamlsChompingIndicators() {
        assertEquals("x: |\n  line1\n  line2\n", Yaml.write(map("x", "line1\nline2\n")));
        assertEquals("x: |-\n  line1\n  line2\n", Yaml.write(map("x", "line1\nline2")));
        assertEquals("x: |+\n  line1\n\n", Yaml.write(map("x", "line1\n\n")));
        assertEquals("x: |2-\n   indented\n  next\n", Yaml.write(map("x", " indented\nnext")));
        assertEquals("x: |-\n  a\n\n  b\n", Yaml.write(map("x", "a\n\nb")));
    }

    @Test
    void multiLineTextThatABlockCannotHoldIsDoubleQuoted() {
        assertEquals("x: \"trailing space \\nnext\"\n", Yaml.write(map("x", "trailing space \nnext")));
    }

    @Test
    void literalBlocksNestUnderTheirKey() {
        var values = map("data", map("default-plugins.yaml", "apiVersion: v1\nkind: EndpointPickerConfig\n"));

        assertEquals("data:\n  default-plugins.yaml: |\n    apiVersion: v1\n    kind: EndpointPickerConfig\n", Yaml.write(values));
    }

    @Test
    void sequencesAreNotIndentedUnderTheirKeyAndMapsInSequencesStartOnTheDashLine() {
        var values = map("list", list("a", map("b", 1L, "c", list("x", "y")), list(1L, 2L)), "after", "z");

        assertEquals("list:\n- a\n- b: 1\n  c:\n  - x\n  - \"y\"\n- - 1\n  - 2\nafter: z\n", Yaml.write(values));
    }

    @Test
    void emptyCollectionsAreFlowStyle() {
        assertEquals("a: {}\nb: []\nc:\n- {}\n- []\n", Yaml.write(map("a", map(), "b", list(), "c", list(map(), list()))));
        assertEquals("{}\n", Yaml.write(map()));
        assertEquals("[]\n", Yaml.write(list()));
    }

    @Test
    void keysKeepTheMapsOrderAndAreQuotedLikeValues() {
        var values = map("z", 1L, "a", 2L, "true", 3L, "y", 4L, "", 5L, "example.com/foo", 6L, "a b", 7L);

        assertEquals("z: 1\na: 2\n\"true\": 3\n\"y\": 4\n\"\": 5\nexample.com/foo: 6\na b: 7\n", Yaml.write(values));
    }

    @Test
    void sortKeysGivesHelmsToYamlOrderWithDigitRunsComparedAsNumbers() {
        var values = map("b", 1L, "a10", 2L, "a2", 3L, "A", 4L, "_x", 5L, "1", 6L, "a", map("z", 1L, "m", list(map("y", 1L, "x", 2L))));

        assertEquals("_x: 5\n\"1\": 6\nA: 4\na:\n  m:\n  - x: 2\n    \"y\": 1\n  z: 1\na2: 3\na10: 2\nb: 1\n",
                Yaml.write(Yaml.sortKeys(values)));
        assertEquals(List.of("b", "a10", "a2", "A", "_x", "1", "a"), List.copyOf(values.keySet()), "the input keeps its order");
    }

    @Test
    void aKeyWithANewlineIsAComplexKey() {
        assertEquals("? |-\n  a\n  b\n: 1\n", Yaml.write(map("a\nb", 1L)));
    }

    @Test
    void topLevelScalarsAndListsAreDocumentsOfTheirOwn() {
        assertEquals("hello\n", Yaml.write("hello"));
        assertEquals("null\n", Yaml.write(null));
        assertEquals("- a\n- k:\n  - 1\n", Yaml.write(list("a", map("k", list(1L)))));
    }

    @Test
    void longPlainTextFoldsAtTheFirstSpacePastColumn80AsGoYamlDoes() {
        String text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt";

        String written = Yaml.write(map("long", text));

        assertEquals("long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss tttt\n", written);
        assertEquals(map("long", text), Yaml.readValues(written, "folded"));
    }

    @Test
    void longQuotedTextFoldsAndStillReadsBackTheSame() {
        String text = "x: " + "word ".repeat(30).trim();
        String doubleQuoted = "\t" + "word  ".repeat(30).trim();

        assertEquals(map("s", text, "d", doubleQuoted), Yaml.readValues(Yaml.write(map("s", text, "d", doubleQuoted)), "folded"));
    }

    @Test
    void notAHelmValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Yaml.write(map("x", new Object())));
    }
}
