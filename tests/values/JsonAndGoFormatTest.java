package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** writeJson/readJson as Go's encoding/json, and Go's number and quoting formats. */
class JsonAndGoFormatTest {
    @Test
    void writeJsonIsCompactWithSortedKeysLikeGo() {
        var values = new LinkedHashMap<String, Object>();
        values.put("z", List.of(1.0, 2.5, "x"));
        values.put("a", Map.of("port", 8080.0, "n", 3L));
        values.put("m", null);
        values.put("t", true);
        values.put("e", Map.of());

        assertEquals("{\"a\":{\"n\":3,\"port\":8080},\"e\":{},\"m\":null,\"t\":true,\"z\":[1,2.5,\"x\"]}", Yaml.writeJson(values));
    }

    @Test
    void writeInOrderKeepsStructFieldOrderAndSortedDeepGivesGoMapOrder() {
        var struct = new LinkedHashMap<String, Object>();
        struct.put("name", "r");
        struct.put("config", Json.sortedDeep(Map.of("\uFF21", 1.0, "\uD83D\uDE00", 2.0, "b", List.of(Map.of("y", 1L, "x", 2L)))));
        struct.put("version", 1);

        // Go orders map keys bytewise in UTF-8: U+FF21 before U+1F600, unlike Java's UTF-16 order
        assertEquals("{\"name\":\"r\",\"config\":{\"b\":[{\"x\":2,\"y\":1}],\"\uFF21\":1,\"\uD83D\uDE00\":2},\"version\":1}",
                Json.writeInOrder(struct));
    }

    @Test
    void writeJsonEscapesStringsAsGoDoesIncludingHtmlCharacters() {
        assertEquals("\"\\u003ca href=\\\"x\\\"\\u003e \\u0026 \\\\ \\n\\t\\r\\u0001 é 😀 \\u2028\"",
                Yaml.writeJson("<a href=\"x\"> & \\ \n\t\r\u0001 é 😀 \u2028"));
    }

    @ParameterizedTest(name = "{0} is {1} in JSON and {2} in fmt %v")
    @CsvSource({
            "8080.0, 8080, 8080",
            "1.5, 1.5, 1.5",
            "0.1, 0.1, 0.1",
            "1000000.0, 1000000, 1e+06",
            "123456.0, 123456, 123456",
            "0.000001, 0.000001, 1e-06",
            "0.0000001, 1e-7, 1e-07",
            "1.0E-10, 1e-10, 1e-10",
            "1.0E21, 1e+21, 1e+21",
            "1.0E20, 100000000000000000000, 1e+20",
            "9.223372036854775807E18, 9223372036854776000, 9.223372036854776e+18",
            "12345678901234567, 12345678901234568, 1.2345678901234568e+16",
            "4.9E-324, 5e-324, 5e-324",
            "1.7976931348623157E308, 1.7976931348623157e+308, 1.7976931348623157e+308",
            "0.30000000000000004, 0.30000000000000004, 0.30000000000000004",
            "-2.5, -2.5, -2.5",
            "1.0E23, 1e+23, 1e+23",
    })
    void doublesFormatAsGo(double value, String json, String percentV) {
        assertEquals(json, Yaml.writeJson(value));
        assertEquals(percentV, GoFormat.value(value));
    }

    @Test
    void readJsonGivesHelmTypes() {
        var value = Yaml.readJson("{\"a\":[1,\"x\",true,null],\"b\":12345678901234567,\"c\":{}}");

        var expected = new LinkedHashMap<String, Object>();
        expected.put("a", Arrays.asList(1.0, "x", true, null));
        expected.put("b", 12345678901234568.0);
        expected.put("c", Map.of());
        assertEquals(expected, value);
        assertInstanceOf(LinkedHashMap.class, value);
    }

    @Test
    void readJsonRejectsInvalidJsonAsAFailureNotAUsageError() {
        var error = assertThrows(ValuesException.class, () -> Yaml.readJson("{\"a\":1} x"));

        assertFalse(error.usageError());
        assertEquals("invalid JSON: invalid character 'x' after top-level value", error.getMessage(), "Go's encoding/json text");
    }

    @Test
    void readJsonSaysWhatEndedTooSoonAndWhichNumberGoCannotHold() {
        assertEquals("invalid JSON: unexpected end of JSON input",
                assertThrows(ValuesException.class, () -> Yaml.readJson("  ")).getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal number 1e400 into Go value of type float64",
                assertThrows(ValuesException.class, () -> Yaml.readJson("[1e400]")).getMessage());
    }

    @Test
    void jsonRoundTripsThroughWriteAndRead() {
        var values = Yaml.readValues("a: {b: [1, 2.5, x, null, {c: true}]}\nd: \"<&>\"\n", "v");

        assertEquals(values, Yaml.readJson(Yaml.writeJson(values)));
    }

    @Test
    void goValuesPrintAsFmtPrintsThem() {
        assertEquals("map[a:1 b:[x <nil>] c:map[]]", GoFormat.value(Map.of("b", Arrays.asList("x", null), "a", 1L, "c", Map.of())));
    }

    @Test
    void goTypeNamesAreThoseOfInterfaceConversionErrors() {
        assertEquals("int64", GoFormat.typeName(1L));
        assertEquals("float64", GoFormat.typeName(1.0));
        assertEquals("[]interface {}", GoFormat.typeName(List.of()));
        assertEquals("map[string]interface {}", GoFormat.typeName(Map.of()));
        assertEquals("nil", GoFormat.typeName(null));
    }
}
