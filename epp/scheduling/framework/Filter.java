package epp.scheduling.framework;

import epp.scheduling.SchedulingRequest;
import java.util.List;

/** Narrows the candidates of a profile; filters run in order, each on the previous one's output. */
public interface Filter extends Plugin {
    /** @return the candidates to keep (may be empty: the profile then fails) */
    List<Candidate> filter(SchedulingRequest request, List<Candidate> candidates);
}
