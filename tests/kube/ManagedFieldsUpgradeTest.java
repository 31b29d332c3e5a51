package kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** client-go csaupgrade semantics for the `helm` manager (release.md §4.5). */
class ManagedFieldsUpgradeTest {
    static Map<String, Object> entry(String manager, String operation, String time, Map<String, Object> fields) {
        return Map.of("manager", manager, "operation", operation, "apiVersion", "v1", "time", time, "fieldsType", "FieldsV1",
                "fieldsV1", fields);
    }

    @Test
    void newestHelmUpdateBecomesApplyWithTheUnionOfAllHelmUpdateFields() {
        var old = entry("helm", "Update", "2026-01-01T00:00:00Z", Map.of("f:data", Map.of("f:a", Map.of())));
        var newer = entry("helm", "Update", "2026-02-01T00:00:00Z", Map.of("f:data", Map.of("f:b", Map.of())));
        var kubectl = entry("kubectl-edit", "Update", "2026-03-01T00:00:00Z", Map.of("f:data", Map.of("f:c", Map.of())));
        var upgraded = ManagedFieldsUpgrade.upgrade(List.of(old, kubectl, newer)).orElseThrow();
        assertEquals(2, upgraded.size());
        assertEquals(kubectl, upgraded.get(0));
        var apply = upgraded.get(1);
        assertEquals("Apply", apply.get("operation"));
        assertEquals("2026-02-01T00:00:00Z", apply.get("time"));
        assertEquals(Map.of("f:data", Map.of("f:b", Map.of(), "f:a", Map.of())), apply.get("fieldsV1"));
    }

    @Test
    void existingHelmApplyEntryAbsorbsTheUpdateEntries() {
        var apply = entry("helm", "Apply", "2026-03-01T00:00:00Z", Map.of("f:data", Map.of("f:x", Map.of())));
        var update = entry("helm", "Update", "2026-01-01T00:00:00Z", Map.of("f:data", Map.of("f:a", Map.of())));
        var upgraded = ManagedFieldsUpgrade.upgrade(List.of(apply, update)).orElseThrow();
        assertEquals(1, upgraded.size());
        assertEquals(Map.of("f:data", Map.of("f:x", Map.of(), "f:a", Map.of())), upgraded.get(0).get("fieldsV1"));
    }

    @Test
    void nothingToDoWithoutHelmUpdateEntries() {
        assertTrue(ManagedFieldsUpgrade.upgrade(List.of(entry("helm", "Apply", "t", Map.of()))).isEmpty());
        assertTrue(ManagedFieldsUpgrade.upgrade(null).isEmpty());
    }
}
