package epp.server.leader;

import java.time.Instant;

/**
 * What a coordination.k8s.io/v1 Lease says about its holder (client-go's LeaderElectionRecord).
 *
 * @param holder          the holder's identity; empty when released
 * @param version         the object's resourceVersion, for optimistic updates (null before creation)
 */
public record LeaseRecord(String holder, int leaseDurationSeconds, Instant acquireTime, Instant renewTime,
                          int transitions, String version) {
    public boolean heldBy(String identity) {
        return holder.equals(identity);
    }

    public boolean released() {
        return holder.isEmpty();
    }

    /** Same holder, renewal and version: nothing happened since it was last read. */
    boolean sameObservation(LeaseRecord other) {
        return other != null && holder.equals(other.holder) && java.util.Objects.equals(renewTime, other.renewTime)
                && java.util.Objects.equals(version, other.version);
    }
}
