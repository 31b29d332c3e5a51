package epp.server.leader;

import java.util.Optional;

/** Reads and writes the one Lease the election is about. */
public interface LeaseStore {
    /** The Lease, empty when it does not exist. @throws Exception when the API cannot be reached */
    Optional<LeaseRecord> get() throws Exception;

    /** Creates it; false if someone else created it first. */
    boolean create(LeaseRecord record) throws Exception;

    /** Replaces it if it is still at {@code record.version()}; false on a conflict. */
    boolean update(LeaseRecord record) throws Exception;

    /** Runs {@code changed} whenever the Lease changes (a watch), so a standby can act at once. */
    default AutoCloseable onChange(Runnable changed) {
        return () -> { };
    }
}
