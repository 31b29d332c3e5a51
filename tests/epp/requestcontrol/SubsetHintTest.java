package epp.requestcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.testing.InMemoryDatastore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §2.11 with pod × port endpoints (§0.3). */
class SubsetHintTest {
    private static final List<Integer> PORTS = List.of(8000, 8001);
    private final epp.datastore.Endpoint rank0 = InMemoryDatastore.endpoint("p", "10.0.0.1", 8000);
    private final epp.datastore.Endpoint rank1 = InMemoryDatastore.endpoint("p", "10.0.0.1", 8001);

    @Test
    void anEntryWithATargetPortSelectsThatEndpointOnly() {
        var hint = SubsetHint.parse(List.of("10.0.0.1:8001"));
        assertFalse(hint.allows(rank0, PORTS));
        assertTrue(hint.allows(rank1, PORTS));
    }

    @Test
    void anEntryWithoutOrWithAnotherPortSelectsEveryEndpointOfTheIp() {
        for (String entry : List.of("10.0.0.1", "10.0.0.1:9999", "10.0.0.1:x")) {
            var hint = SubsetHint.parse(List.of(entry));
            assertTrue(hint.allows(rank0, PORTS), entry);
            assertTrue(hint.allows(rank1, PORTS), entry);
        }
        assertFalse(SubsetHint.parse(List.of("10.0.0.2:8000")).allows(rank0, PORTS));
    }

    @Test
    void ipv6EntriesAreParsed() {
        assertEquals(new SubsetHint.Entry("fd00::1", 8000), SubsetHint.parse(List.of("[fd00::1]:8000")).entries().get(0));
        assertEquals(new SubsetHint.Entry("fd00::1", null), SubsetHint.parse(List.of("fd00::1")).entries().get(0));
        assertTrue(SubsetHint.parse(List.of("[fd00::1]:8000")).allows(InMemoryDatastore.endpoint("v6", "fd00::1", 8000), PORTS));
    }
}
