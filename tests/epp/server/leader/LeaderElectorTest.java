package epp.server.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's failover rules on a Lease in memory and a hand-moved clock: a leader cut off from the
 * API stops being ready by the renew deadline, before any standby may take over; a released Lease
 * is taken at once; a killed leader's Lease is taken when it expires.
 */
class LeaderElectorTest {
    private static final Duration STEP = Duration.ofMillis(500);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MemoryLease lease = new MemoryLease();
    private final LeaderElector a = new LeaderElector(lease.as("a"), "a", "ns/lease", LeaderElector.Timings.DEFAULT, clock);
    private final LeaderElector b = new LeaderElector(lease.as("b"), "b", "ns/lease", LeaderElector.Timings.DEFAULT, clock);

    /** The API server's Lease; a replica can be cut off from it. */
    static final class MemoryLease {
        private LeaseRecord record;
        private int version;
        private final Set<String> cutOff = new HashSet<>();

        LeaseStore as(String replica) {
            return new LeaseStore() {
                @Override
                public Optional<LeaseRecord> get() throws IOException {
                    reachable(replica);
                    return Optional.ofNullable(record);
                }

                @Override
                public boolean create(LeaseRecord r) throws IOException {
                    reachable(replica);
                    if (record != null) {
                        return false;
                    }
                    record = withVersion(r);
                    return true;
                }

                @Override
                public boolean update(LeaseRecord r) throws IOException {
                    reachable(replica);
                    if (record == null || !record.version().equals(r.version())) {
                        return false;
                    }
                    record = withVersion(r);
                    return true;
                }
            };
        }

        private LeaseRecord withVersion(LeaseRecord r) {
            return new LeaseRecord(r.holder(), r.leaseDurationSeconds(), r.acquireTime(), r.renewTime(), r.transitions(),
                    Integer.toString(++version));
        }

        private void reachable(String replica) throws IOException {
            if (cutOff.contains(replica)) {
                throw new IOException("connect to 127.0.0.1:6443 refused");
            }
        }
    }

    /** Runs both electors every STEP for {@code duration}, as their retry loops would (a every 2 s, b too). */
    private void runFor(Duration duration, boolean aAlive) {
        for (Duration t = Duration.ZERO; t.compareTo(duration) < 0; t = t.plus(STEP)) {
            clock.advance(STEP);
            if (aAlive) {
                a.tick();
            }
            b.tick();
            assertFalse(a.isLeader() && b.isLeader(), "two leaders at " + clock.instant());
        }
    }

    @Test
    void theFirstCandidateLeadsAndTheOtherStandsBy() {
        a.tick();
        b.tick();
        assertTrue(a.isLeader());
        assertFalse(b.isLeader());
        runFor(Duration.ofSeconds(60), true);
        assertTrue(a.isLeader(), "a renewing leader keeps the Lease");
        assertFalse(b.isLeader());
    }

    @Test
    void aLeaderCutOffFromTheApiIsNotReadyByTheRenewDeadlineAndAStandbyTakesOverAfterTheLeaseDuration() {
        a.tick();
        b.tick();
        Instant lastRenew = clock.instant();
        lease.cutOff.add("a");

        clock.advance(Duration.ofMillis(9_999));
        a.tick();
        assertTrue(a.isLeader(), "still within the renew deadline");
        clock.advance(Duration.ofMillis(1));
        assertFalse(a.isLeader(), "not ready from the renew deadline on, even before its next attempt");
        a.tick();

        runFor(Duration.ofSeconds(4), true);
        assertFalse(b.isLeader(), "the standby waits for the lease duration");
        runFor(Duration.ofSeconds(2), true);
        assertTrue(b.isLeader(), "the standby leads once the Lease is 15 s old on its clock");
        assertTrue(Duration.between(lastRenew, clock.instant()).compareTo(Duration.ofSeconds(16)) <= 0);

        lease.cutOff.clear();
        runFor(Duration.ofSeconds(30), true);
        assertTrue(b.isLeader(), "the old leader, back, stands by");
        assertFalse(a.isLeader());
    }

    @Test
    void aReleasedLeaseIsTakenAtTheStandbysNextAttempt() {
        a.tick();
        b.tick();
        a.release();
        assertFalse(a.isLeader());
        b.tick();
        assertTrue(b.isLeader(), "no wait for expiry after a release");
        assertEquals(1, lease.record.transitions());
    }

    @Test
    void aKilledLeadersLeaseIsTakenWhenItExpiresAndTheStandbyAsksNoLaterThanThat() {
        a.tick();
        Duration wait = b.tick();
        Instant killed = clock.instant();
        // a stops (SIGKILL): no release, no renewal. b retries as its ticks say.
        while (!b.isLeader()) {
            clock.advance(wait);
            wait = b.tick();
            assertTrue(Duration.between(killed, clock.instant()).compareTo(Duration.ofSeconds(15)) <= 0,
                    "taken over by the lease duration, at " + Duration.between(killed, clock.instant()));
        }
        assertEquals(Duration.ofSeconds(15), Duration.between(killed, clock.instant()));
    }
}
