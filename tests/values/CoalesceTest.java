package values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coalesce.coalesce: user values over chart defaults, as Helm's chartutil coalesces them. */
class CoalesceTest {
    private static final String DEFAULTS = "{image: {repo: nginx, tag: \"1.0\"}, list: [a, b, c], nested: {a: 1, b: {c: 2}}, replicas: 1, scal: x, empty: null}";

    private static Map<String, Object> defaults() {
        return Yaml.readValues(DEFAULTS, "defaults");
    }

    private static Map<String, Object> user(String yaml) {
        return Yaml.readValues(yaml, "user");
    }

    @Test
    void keysTheUserDidNotSetTakeTheChartDefaultsInTheChartsOrder() {
        var result = Coalesce.coalesce(defaults(), user("{replicas: 3, extra: e}"), new ArrayList<>());

        assertEquals(List.of("image", "list", "nested", "replicas", "scal", "empty", "extra"), List.copyOf(result.keySet()));
        assertEquals(3.0, result.get("replicas"));
        assertTrue(result.containsKey("empty"), "a null chart default stays as key: null");
    }

    @Test
    void aNestedNullDeletesTheKeyEvenWhenTheChartDoesNotHaveIt() {
        var result = Coalesce.coalesce(defaults(), user("{image: {tag: null, unknown: null}, nothere: null}"), new ArrayList<>());

        assertEquals(Map.of("repo", "nginx"), result.get("image"));
        assertTrue(result.containsKey("nothere"), "a top-level null for a key the chart lacks is kept");
    }

    @Test
    void aNullInsideAMapTheChartDoesNotHaveIsKept() {
        var result = Coalesce.coalesce(defaults(), user("{newmap: {x: null}}"), new ArrayList<>());

        assertTrue(((Map<?, ?>) result.get("newmap")).containsKey("x"));
    }

    @Test
    void aUserScalarOverANestedDefaultMapWinsWithHelmsWarning() {
        var warnings = new ArrayList<String>();

        var result = Coalesce.coalesce(defaults(), user("{nested: {b: 5}}"), warnings);

        assertEquals(Map.of("a", 1.0, "b", 5.0), result.get("nested"));
        assertEquals(List.of("warning: cannot overwrite table with non table for nested.b (map[c:2])"), warnings);
    }

    @Test
    void aUserMapOverATopLevelDefaultScalarWinsWithHelmsWarning() {
        var warnings = new ArrayList<String>();

        var result = Coalesce.coalesce(defaults(), user("{scal: {x: 1}, empty: {w: 2}}"), warnings);

        assertEquals(Map.of("x", 1.0), result.get("scal"));
        assertEquals(Map.of("w", 2.0), result.get("empty"));
        assertEquals(List.of("warning: skipped value for scal: Not a table."), warnings, "no warning over a null default");
    }

    @Test
    void aUserListReplacesTheDefaultList() {
        var result = Coalesce.coalesce(defaults(), user("{list: [null, X]}"), new ArrayList<>());

        assertEquals(java.util.Arrays.asList(null, "X"), result.get("list"));
    }

    @Test
    void theInputsAreNeverChangedAndTheResultSharesNoMapWithThem() {
        var defaults = defaults();
        var user = user("{image: {tag: null}, nested: {b: {d: 3}}}");
        var defaultsBefore = Coalesce.deepCopy(defaults);
        var userBefore = Coalesce.deepCopy(user);

        var result = Coalesce.coalesce(defaults, user, new ArrayList<>());
        @SuppressWarnings("unchecked")
        var nested = (Map<String, Object>) result.get("nested");
        nested.put("changed", true);
        @SuppressWarnings("unchecked")
        var list = (List<Object>) result.get("list");
        list.add("changed");

        assertEquals(defaultsBefore, defaults);
        assertEquals(userBefore, user);
        assertFalse(((Map<?, ?>) defaults.get("nested")).containsKey("changed"));
        assertEquals(3, ((List<?>) defaults.get("list")).size());
    }

    @Test
    void noUserValuesGiveACopyOfTheDefaults() {
        assertEquals(defaults(), Coalesce.coalesce(defaults(), Map.of(), new ArrayList<>()));
    }

    @Test
    void coalesceTablesPutsNewValuesOverOldOnesAndANewNullDeletesAtEveryLevel() {
        var previousConfig = user("{image: {tag: v1, repo: r}, replicas: 3, old: kept, gone: x}");
        var newValues = user("{image: {tag: v2}, gone: null, list: [1]}");
        var warnings = new ArrayList<String>();

        var merged = Coalesce.coalesceTables(newValues, previousConfig, warnings);

        assertEquals(user("{image: {tag: v2, repo: r}, replicas: 3, old: kept, list: [1]}"), merged);
        assertEquals(List.of(), warnings);
        assertEquals(user("{image: {tag: v2}, gone: null, list: [1]}"), newValues, "inputs unchanged");
    }

    @Test
    void coalesceTablesWarnsWithTopLevelPathsToo() {
        var warnings = new ArrayList<String>();

        Coalesce.coalesceTables(user("{a: {x: 1}}"), user("{a: scalar}"), warnings);

        assertEquals(List.of("warning: destination for a is a table. Ignoring non-table value (scalar)"), warnings);
    }
}
