package epp.scheduling.framework;

import epp.scheduling.SchedulingException;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import java.util.Map;

/** Decides which profiles run (possibly over several rounds) and which result is primary. */
public interface ProfileHandler extends Plugin {
    /**
     * Called before every round with the results so far.
     *
     * @return the profiles to run in this round; empty ends the schedule call
     */
    Map<String, SchedulerProfile> pick(SchedulingRequest request, Map<String, SchedulerProfile> profiles,
                                       Map<String, ProfileRunResult> resultsSoFar);

    SchedulingResult processResults(SchedulingRequest request, Map<String, ProfileRunResult> results)
            throws SchedulingException;
}
