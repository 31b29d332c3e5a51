package epp.scheduling.framework;

import epp.datastore.Endpoint;
import java.util.List;

/**
 * The outcome of running one profile: the picked endpoints (best first), or why nothing was picked.
 *
 * @param failure null when the profile produced targets
 */
public record ProfileRunResult(List<Endpoint> targets, String failure) {
    public ProfileRunResult {
        targets = List.copyOf(targets);
    }

    public static ProfileRunResult picked(List<Endpoint> targets) {
        return new ProfileRunResult(targets, null);
    }

    public static ProfileRunResult failed(String reason) {
        return new ProfileRunResult(List.of(), reason);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
