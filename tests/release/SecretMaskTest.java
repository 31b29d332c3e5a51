package release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** `pool diff` never prints a Secret's values, yet shows which keys were added, removed or changed. */
class SecretMaskTest {
    @Test
    void valuesAreMaskedAndChangesStillShow() {
        Map<String, Object> live = Map.of("kind", "Secret", "data", Map.of("token", "c2VjcmV0", "same", "YQ=="), "type", "Opaque");
        Map<String, Object> next = Map.of("kind", "Secret", "data", Map.of("token", "c2VjcmVU", "same", "YQ==", "new", "eHl6"),
                "stringData", Map.of("password", "hunter2"));
        var masked = SecretMask.mask(live, next);
        assertEquals(Map.of("token", "*** (6 bytes)", "same", "*** (1 bytes)"), masked.get(0).get("data"));
        assertEquals(Map.of("token", "*** (6 bytes, changed)", "same", "*** (1 bytes)", "new", "*** (3 bytes)"), masked.get(1).get("data"));
        assertEquals(Map.of("password", "*** (7 bytes)"), masked.get(1).get("stringData"));
        assertEquals("Opaque", masked.get(0).get("type"));
    }

    @Test
    void aMissingSideStaysMissing() {
        var masked = SecretMask.mask(null, Map.of("kind", "Secret", "data", Map.of("k", "dg==")));
        assertNull(masked.get(0));
        assertEquals(Map.of("k", "*** (1 bytes)"), masked.get(1).get("data"));
    }
}
