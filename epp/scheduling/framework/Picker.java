package epp.scheduling.framework;

import java.util.List;

/** Chooses the target endpoints of a profile from the scored candidates, best first. */
public interface Picker extends Plugin {
    /**
     * @param scored never empty; the picker may reorder a copy but must not modify this list
     * @return at least one candidate, in the order the proxy should try them
     */
    List<Candidate> pick(List<ScoredCandidate> scored);
}
