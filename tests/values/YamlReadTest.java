package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Yaml.readValues and readAll read YAML as Helm does (sigs.k8s.io/yaml over go-yaml v2, then JSON). */
class YamlReadTest {
    private static Object read(String yaml) {
        return Yaml.readValues(yaml, "test.yaml");
    }

    @Test
    void everyNumberIsADoubleAsAfterGosJsonRoundTrip() {
        assertEquals(Map.of("replicas", 1.0, "big", 12345678901234568.0, "ratio", 1.5, "negative", -7.0), read("replicas: 1\nbig: 12345678901234567\nratio: 1.50\nnegative: -7\n"));
    }

    @Test
    void integersUseGoSyntaxesAndUnderscores() {
        assertEquals(Map.of("hex", 31.0, "octal", 511.0, "octal2", 15.0, "binary", 5.0, "underscores", 1000.0, "plus", 5.0, "eight", 8.0),
                read("hex: 0x1F\noctal: 0777\noctal2: 0o17\nbinary: 0b101\nunderscores: 1_000\nplus: +5\neight: 08\n"));
    }

    @Test
    void yaml11BooleansAndNullsAreTyped() {
        var values = read("a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: ~\nh: Null\ni:\nj: TRUE\n");

        var expected = new HashMap<String, Object>(Map.of("a", true, "b", false, "c", true, "d", false, "e", true, "f", false, "j", true));
        expected.put("g", null);
        expected.put("h", null);
        expected.put("i", null);
        assertEquals(expected, values);
    }

    @Test
    void yaml11BooleanKeysBecomeTheStringsTrueAndFalse() {
        assertEquals(Map.of("true", 1.0, "false", 2.0, "on", 3.0), Yaml.readValues("y: 1\nn: 2\n'on': 3\n", "keys"));
    }

    @Test
    void numericKeysBecomeTheirGoText() {
        assertEquals(Map.of("1", "a", "1.5", "b", "31", "c"), read("1: a\n1.5: b\n0x1F: c\n"));
    }

    @Test
    void quotedAndExplicitlyTaggedStringsStayStrings() {
        assertEquals(Map.of("a", "yes", "b", "1.0", "c", "123", "d", "null"), read("a: 'yes'\nb: \"1.0\"\nc: !!str 123\nd: \"null\"\n"));
    }

    @Test
    void explicitNumericTagsAreChecked() {
        assertEquals(Map.of("f", 1.0, "i", 7.0), read("f: !!float 1\ni: !!int 7\n"));
        var error = assertThrows(ValuesException.class, () -> read("i: !!int abc\n"));
        assertTrue(error.getMessage().contains("cannot decode !!str `abc` as a !!int"), error.getMessage());
    }

    @Test
    void timestampsAndOtherTextStayStrings() {
        assertEquals(Map.of("date", "2001-12-14", "version", "1.2.3", "float", "1e400"), read("date: 2001-12-14\nversion: 1.2.3\nfloat: 1e400\n"));
    }

    @Test
    void multipleDocumentsMergeInOrderAsHelmV4Does() {
        var values = read("a: 1\nb: {x: 1, l: [1, 2]}\n---\n# only a comment\n---\nb: {w: 2, l: [3]}\nc: 3\n");

        assertEquals(Map.of("a", 1.0, "b", Map.of("x", 1.0, "w", 2.0, "l", List.of(3.0)), "c", 3.0), values);
    }

    @Test
    void anEmptyFileHasNoValues() {
        assertEquals(Map.of(), read(""));
        assertEquals(Map.of(), read("# nothing here\n"));
        assertEquals(Map.of(), read("\uFEFF"));
    }

    @Test
    void aNullValueIsKeptForCoalescingToDeleteTheDefault() {
        var values = Yaml.readValues("x: null\n", "nullkey.yaml");

        assertTrue(values.containsKey("x"));
        assertEquals(null, values.get("x"));
    }

    @Test
    void anchorsAliasesAndMergeKeysExpandIntoIndependentCopies() {
        @SuppressWarnings("unchecked")
        var values = (Map<String, Object>) read("base: &b {a: 1, list: [x]}\ncopy: *b\nmerged:\n  <<: *b\n  a: 2\n");

        assertEquals(Map.of("a", 1.0, "list", List.of("x")), values.get("copy"));
        assertEquals(Map.of("a", 2.0, "list", List.of("x")), values.get("merged"));
        assertFalse(values.get("base") == values.get("copy"), "aliases must not share objects: --set writes into them in place");
    }

    @Test
    void aMergeKeyOverridesKeysWrittenBeforeItAsInGoYamlV2() {
        assertEquals(Map.of("base", Map.of("a", 1.0), "m", Map.of("a", 1.0)), read("base: &b {a: 1}\nm:\n  a: 2\n  <<: *b\n"));
    }

    @Test
    void valueTypesAreLinkedHashMapsAndArrayLists() {
        @SuppressWarnings("unchecked")
        var values = (Map<String, Object>) read("m: {k: v}\nl: [1]\n");

        assertInstanceOf(LinkedHashMap.class, values);
        assertInstanceOf(LinkedHashMap.class, values.get("m"));
        assertInstanceOf(java.util.ArrayList.class, values.get("l"));
    }

    @Test
    void aDocumentThatIsNotAMapIsAnErrorNamingTheFile() {
        var error = assertThrows(ValuesException.class, () -> Yaml.readValues("- a\n- b\n", "list.yaml"));

        assertTrue(error.getMessage().startsWith("failed to parse list.yaml: cannot unmarshal yaml document"), error.getMessage());
        assertTrue(error.getMessage().contains("cannot unmarshal array into Go value of type map[string]interface {}"), error.getMessage());
        assertFalse(error.usageError());
    }

    @Test
    void aSyntaxErrorNamesTheFileAndTheLine() {
        var error = assertThrows(ValuesException.class, () -> Yaml.readValues("a: 1\nb: [x, y\n", "bad.yaml"));

        assertTrue(error.getMessage().startsWith("failed to parse bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: "), error.getMessage());
        assertFalse(error.usageError());
    }

    @Test
    void infinityAndNaNHaveNoJsonFormAndAreRejected() {
        var error = assertThrows(ValuesException.class, () -> read("x: .inf\n"));

        assertTrue(error.getMessage().contains("json: unsupported value: +Inf"), error.getMessage());
    }

    @Test
    void aNullKeyIsRejected() {
        var error = assertThrows(ValuesException.class, () -> read("~: x\n"));

        assertTrue(error.getMessage().contains("unsupported map key"), error.getMessage());
    }

    @Test
    void recursiveAliasesAreRejectedNotOverflowed() {
        assertThrows(ValuesException.class, () -> read("a: &a [*a]\n"));
    }

    @Test
    void readAllReturnsEveryDocumentAndSkipsEmptyOnes() {
        var documents = Yaml.readAll("kind: A\n---\n---\n# comment\n---\n- 1\n---\nplain\n");

        assertEquals(Arrays.asList(Map.of("kind", "A"), List.of(1.0), "plain"), documents);
    }

    @Test
    void writtenValuesReadBackEqual() {
        var values = new LinkedHashMap<String, Object>();
        for (String tricky : List.of("1.0", "007", "y", "yes", "true", "null", "", "~", "a: b", "- x", "#x", " lead", "trail ",
                "it's", "a\tb", "line1\nline2\n", "x\n\n", " x\ny", "a \nb", "\n", "\u2028", "\uD83D\uDE00", "---", "...",
                "<<x", "1:20", "2001-12-14", "0x1F", "1_000", "+5", ".5", "'quoted'", "\"double\"", "back\\slash", "%", "@", "`")) {
            values.put("k" + values.size(), tricky);
            values.put(tricky.isEmpty() ? "empty-key" : tricky, "as key");
        }
        values.put("numbers", List.of(0.0, 1.5, 8080.0, 1e21, 1e-7, 12345678901234568.0, -2.5e-300));
        values.put("nested", Map.of("list", List.of(Map.of("a", List.of()), List.of(List.of("x")), Map.of())));

        assertEquals(values, Yaml.readValues(Yaml.write(values), "round trip"));
    }
}
