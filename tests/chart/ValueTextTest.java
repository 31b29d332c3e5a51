package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    @Test
    void floatsPrintAsGoPrintsAFloat64() {
        assertEquals("3", ValueText.go(3.0));
        assertEquals("0.1", ValueText.go(0.1));
        assertEquals("1.62", ValueText.go(1.62));
        assertEquals("100000", ValueText.go(100000.0));
        assertEquals("1e+06", ValueText.go(1000000.0));
        assertEquals("1.234567e+06", ValueText.go(1234567.0));
        assertEquals("1e-05", ValueText.go(0.00001));
        assertEquals("0.0001", ValueText.go(0.0001));
        assertEquals("-2.5", ValueText.go(-2.5));
        assertEquals("0", ValueText.go(0.0));
    }

    @Test
    void otherValuesPrintPlainly() {
        assertEquals("3", ValueText.go(3L));
        assertEquals("true", ValueText.go(true));
        assertEquals("x", ValueText.go("x"));
        assertEquals("", ValueText.go(null));
    }

    @Test
    void wholeNumbersAreReadFromAnyNumericForm() {
        assertEquals(Optional.of(3L), ValueText.integer(3L));
        assertEquals(Optional.of(3L), ValueText.integer(3.0));
        assertEquals(Optional.of(3L), ValueText.integer("3"));
        assertEquals(Optional.of(-7L), ValueText.integer("-7"));
        assertEquals(Optional.empty(), ValueText.integer(2.5));
        assertEquals(Optional.empty(), ValueText.integer("three"));
        assertEquals(Optional.empty(), ValueText.integer(true));
    }

    @Test
    void truthinessIsGos() {
        for (Object falsy : new Object[] {null, false, 0L, 0.0, "", Map.of(), List.of()}) {
            assertFalse(ValueText.truthy(falsy), String.valueOf(falsy));
        }
        for (Object truthy : new Object[] {true, 1L, "false", Map.of("a", 1), List.of(1)}) {
            assertTrue(ValueText.truthy(truthy), String.valueOf(truthy));
        }
    }
}
