package epp.server.leader;

import epp.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Lease-based leader election with client-go's rules and controller-runtime's timings (epp.md
 * §7.3), one attempt per {@link #tick()} so that tests drive it with their own clock:
 *
 * <ul>
 *   <li>a candidate takes the Lease when it is released, missing, or not renewed for its lease
 *       duration, measured on the candidate's own clock from when it last saw the Lease change
 *       (as client-go's observedTime: no trust in other machines' clocks);</li>
 *   <li>the leader renews every retry period; it is {@link #isLeader() leader} only while its last
 *       successful renewal is younger than the renew deadline, so a leader cut off from the API
 *       stops answering ready 10 s after its last renewal even if its API calls hang, 5 s before a
 *       standby may take over;</li>
 *   <li>{@link #release()} empties the holder, and a standby that sees the change takes over at once.</li>
 * </ul>
 * A leader that loses the Lease steps down and stays a candidate (its datastore stays warm);
 * controller-runtime would exit the process instead.
 */
public final class LeaderElector {
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** controller-runtime's defaults. */
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final LeaseStore store;
    private final String identity;
    private final String leaseName;
    private final Timings timings;
    private final Clock clock;

    private boolean holding;
    private Instant lastRenew = Instant.MIN;
    private LeaseRecord observed;
    private Instant observedTime = Instant.MIN;
    private boolean failing;

    public LeaderElector(LeaseStore store, String identity, String leaseName, Timings timings, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.leaseName = leaseName;
        this.timings = timings;
        this.clock = clock;
    }

    public String identity() {
        return identity;
    }

    /** Leader now: holding the Lease and renewed within the renew deadline. */
    public synchronized boolean isLeader() {
        return holding && clock.instant().isBefore(lastRenew.plus(timings.renewDeadline()));
    }

    /** One attempt to acquire or renew; returns when the next attempt is due. */
    public synchronized Duration tick() {
        Instant now = clock.instant();
        Optional<LeaseRecord> current;
        try {
            current = store.get();
            if (current.isEmpty()) {
                LeaseRecord mine = new LeaseRecord(identity, seconds(timings.leaseDuration()), now, now, 0, null);
                if (store.create(mine)) {
                    renewed(now, mine);
                }
                return timings.retryPeriod();
            }
        } catch (Exception e) {
            return failed(now, e);
        }
        LeaseRecord lease = current.get();
        if (!lease.sameObservation(observed)) {
            observed = lease;
            observedTime = now;
        }
        if (!lease.released() && !lease.heldBy(identity)) {
            Instant expiry = observedTime.plusSeconds(lease.leaseDurationSeconds());
            if (now.isBefore(expiry)) {
                if (holding) {
                    stepDown("the Lease is held by " + lease.holder());
                }
                Duration untilExpiry = Duration.between(now, expiry);
                return untilExpiry.compareTo(timings.retryPeriod()) < 0 ? untilExpiry : timings.retryPeriod();
            }
        }
        boolean renewal = lease.heldBy(identity);
        LeaseRecord mine = new LeaseRecord(identity, seconds(timings.leaseDuration()), renewal ? lease.acquireTime() : now, now,
                renewal ? lease.transitions() : lease.transitions() + 1, lease.version());
        try {
            if (store.update(mine)) {
                renewed(now, mine);
            }
        } catch (Exception e) {
            return failed(now, e);
        }
        return timings.retryPeriod();
    }

    private void renewed(Instant now, LeaseRecord mine) {
        if (!holding) {
            Log.info("successfully acquired lease", "lease", leaseName, "identity", identity);
        } else if (failing) {
            Log.info("renewed lease again", "lease", leaseName, "identity", identity);
        }
        holding = true;
        failing = false;
        lastRenew = now;
        observed = null; // our own write: the next read is a new observation
    }

    private Duration failed(Instant now, Exception e) {
        if (!failing) {
            Log.error(holding ? "failed to renew lease" : "error retrieving resource lock", e, "lease", leaseName);
        }
        failing = true;
        if (holding && !now.isBefore(lastRenew.plus(timings.renewDeadline()))) {
            stepDown("not renewed within the renew deadline of " + timings.renewDeadline().toSeconds() + "s");
        }
        return timings.retryPeriod();
    }

    private void stepDown(String why) {
        holding = false;
        Log.error("leader election lost", null, "lease", leaseName, "identity", identity, "reason", why);
    }

    /** Gives the Lease up (holder emptied) if this replica holds it, so a standby takes over at once. */
    public synchronized void release() {
        if (!holding) {
            return;
        }
        holding = false;
        Instant now = clock.instant();
        try {
            Optional<LeaseRecord> current = store.get();
            if (current.isPresent() && current.get().heldBy(identity)) {
                LeaseRecord lease = current.get();
                store.update(new LeaseRecord("", 1, lease.acquireTime(), now, lease.transitions(), lease.version()));
                Log.info("released lease", "lease", leaseName, "identity", identity);
            }
        } catch (Exception e) {
            Log.error("failed to release lease: a standby takes over when it expires", e, "lease", leaseName);
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, d.toSeconds());
    }
}
