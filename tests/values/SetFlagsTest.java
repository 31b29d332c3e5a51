package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --set* grammar (Helm's strvals) beyond the examples table: limits, escapes, quirks, per-flag typing. */
class SetFlagsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> merge(List<String> files, List<String> json, List<String> set, List<String> string,
                                             List<String> file, List<String> literal) {
        return UserValues.merge(new UserValues.Flags(files, json, set, string, file, literal),
                new SourceReader(new ByteArrayInputStream(new byte[0])));
    }

    private static Map<String, Object> set(String... args) {
        return merge(List.of(), List.of(), List.of(args), List.of(), List.of(), List.of());
    }

    private static Map<String, Object> setJson(String... args) {
        return merge(List.of(), List.of(args), List.of(), List.of(), List.of(), List.of());
    }

    private static Map<String, Object> setLiteral(String... args) {
        return merge(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(args));
    }

    private static String setError(String... args) {
        return assertThrows(ValuesException.class, () -> set(args)).getMessage();
    }

    private static String path(int segments) {
        var names = new ArrayList<String>();
        for (int i = 0; i < segments; i++) {
            names.add("k" + i);
        }
        return String.join(".", names);
    }

    @Test
    void thirtyDotsAreAllowedAndThirtyOneAreNot() {
        set(path(31) + "=x");
        String message = setError(path(32) + "=x");

        assertEquals("failed parsing --set data: value name nested level is greater than maximum supported nested level of 30", message);
    }

    @Test
    void theNestingLimitAlsoHoldsForSetLiteral() {
        setLiteral(path(31) + "=x");
        var error = assertThrows(ValuesException.class, () -> setLiteral(path(32) + "=x"));

        assertTrue(error.getMessage().startsWith("failed parsing --set-literal data: value name nested level is greater than maximum supported nested level of 30"));
    }

    @Test
    void index65536IsTheLargestAllowed() {
        @SuppressWarnings("unchecked")
        var list = (List<Object>) set("a[65536]=x").get("a");

        assertEquals(65537, list.size());
        assertEquals("x", list.get(65536));
    }

    @Test
    void typedValuesFollowStrvalsTypedVal() {
        var values = set("a=-007,b=+0,c=00,d=1_000,e=-0,f=9223372036854775807,g=-9223372036854775808,h=TrUe,i=nUlL");

        var expected = new HashMap<String, Object>(Map.of("a", -7L, "b", 0L, "c", "00", "d", "1_000", "e", 0L,
                "f", Long.MAX_VALUE, "g", Long.MIN_VALUE, "h", true));
        expected.put("i", null);
        assertEquals(expected, values);
    }

    @Test
    void listLiteralsAreTypedPerFlag() {
        assertEquals(Map.of("a", Arrays.asList(1L, true, "x")), set("a={1,true,x}"));
        assertEquals(Map.of("a", List.of("1", "true", "x")),
                merge(List.of(), List.of(), List.of(), List.of("a={1,true,x}"), List.of(), List.of()));
    }

    @Test
    void aTrailingBackslashIsDropped() {
        assertEquals(Map.of("a", "b"), set("a=b\\"));
    }

    @Test
    void whitespaceAndUnicodeAreKeptVerbatim() {
        assertEquals(Map.of("ключ", " значение "), set("ключ= значение "));
    }

    @Test
    void descendingIntoAScalarFromAValuesFileNamesItsGoType() throws IOException {
        Path file = Files.writeString(dir.resolve("v.yaml"), "a: 1\n");

        var error = assertThrows(ValuesException.class,
                () -> merge(List.of(file.toString()), List.of(), List.of("a.b=2"), List.of(), List.of(), List.of()));

        assertTrue(error.getMessage().startsWith("failed parsing --set data: unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"), error.getMessage());
        assertTrue(error.usageError());
    }

    @Test
    void descendingIntoANullFailsLikeHelm() {
        assertTrue(setError("a=null", "a.b=1").startsWith("failed parsing --set data: unable to parse key: interface conversion: interface {} is nil, not map[string]interface {}"));
    }

    @Test
    void indexingIntoAPaddingNullFailsLikeHelm() {
        assertTrue(setError("a[1]=x", "a[0][0]=y").startsWith("failed parsing --set data: unable to parse key: interface conversion: interface {} is nil, not []interface {}"));
    }

    @Test
    void anUnclosedIndexIsAnIndexError() {
        assertTrue(setError("a[0").startsWith("failed parsing --set data: error parsing index: EOF"));
    }

    @Test
    void anIndexBeyondInt64IsOutOfRange() {
        assertTrue(setError("a[99999999999999999999]=x").startsWith("failed parsing --set data: error parsing index: strconv.Atoi: parsing \"99999999999999999999\": value out of range"));
    }

    @Test
    void errorsCarryAHintHowToFixThem() {
        assertTrue(setError("a=[1,2]").contains("lists are written {x,y}"), setError("a=[1,2]"));
        assertTrue(setError("a").contains("key=value"));
    }

    @Test
    void setJsonTakesSeveralValuesWithBlanksAroundTheCommas() {
        var values = setJson("a=[1, 2] ,b={\"c\":true}, d=\"x,y\"");

        assertEquals(Map.of("a", List.of(1.0, 2.0), "b", Map.of("c", true), " d", "x,y"), values);
    }

    @Test
    void setJsonWritesIntoListsByIndex() {
        assertEquals(Map.of("a", Arrays.asList(null, Map.of("x", 1.0))), setJson("a[1]={\"x\":1}"));
        assertEquals(Map.of("a", Arrays.asList((Object) null)), setJson("a[0]="));
    }

    @Test
    void setJsonErrorsHaveHelmsTextAndSayWhatIsWrong() {
        var error = assertThrows(ValuesException.class, () -> setJson("a=1e400"));

        assertTrue(error.getMessage().startsWith("failed parsing --set-json data a=1e400 ("), error.getMessage());
        assertTrue(error.usageError());
    }

    @Test
    void aWholeJsonObjectMustBeAnObject() {
        var error = assertThrows(ValuesException.class, () -> setJson("{\"a\":1} trailing"));

        assertTrue(error.getMessage().startsWith("failed parsing --set-json data JSON: {\"a\":1} trailing"), error.getMessage());
    }

    @Test
    void setLiteralKeepsEverythingAfterTheFirstEqualsAndHasNoKeyEscapes() {
        assertEquals(Map.of("a", Map.of("b", List.of(Map.of("c", "x=y,z\\n")))), setLiteral("a.b[0].c=x=y,z\\n"));
        assertEquals(Map.of("a\\", Map.of("b", "c")), setLiteral("a\\.b=c"));
    }

    @Test
    void setFileReadsEachPathOfAListToo() throws IOException {
        Path one = Files.writeString(dir.resolve("one.txt"), "1");
        Path two = Files.writeString(dir.resolve("two.txt"), "2");

        var values = merge(List.of(), List.of(), List.of(), List.of(), List.of("a={" + one + "," + two + "},b=" + one), List.of());

        assertEquals(Map.of("a", List.of("1", "2"), "b", "1"), values);
    }

    @Test
    void setFileOfAMissingFileIsNotAUsageError() {
        var error = assertThrows(ValuesException.class,
                () -> merge(List.of(), List.of(), List.of(), List.of(), List.of("a=" + dir.resolve("missing.txt")), List.of()));

        assertTrue(error.getMessage().startsWith("failed parsing --set-file data: open " + dir.resolve("missing.txt") + ": no such file or directory"));
        assertEquals(false, error.usageError());
    }
}
