package common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading leader election from EPP arguments as Go's flag package does. */
class EppLeaseTest {
    @Test
    void theBareFlagOrAGoTrueTurnsItOn() {
        assertTrue(EppLease.enabledBy(List.of("--pool-name", "p", "--ha-enable-leader-election")));
        assertTrue(EppLease.enabledBy(List.of("--ha-enable-leader-election=True")));
        assertTrue(EppLease.enabledBy(List.of("-ha-enable-leader-election=1")));
    }

    @Test
    void theLastOccurrenceDecides() {
        assertFalse(EppLease.enabledBy(List.of("--ha-enable-leader-election", "--ha-enable-leader-election=false")));
        assertTrue(EppLease.enabledBy(List.of("--ha-enable-leader-election=F", "--ha-enable-leader-election")));
    }

    @Test
    void otherFlagsAndValuesDoNot() {
        assertFalse(EppLease.enabledBy(List.of("--pool-name", "--ha-enable-leader-election-x", "ha-enable-leader-election")));
        assertFalse(EppLease.enabledBy(List.of()));
    }
}
