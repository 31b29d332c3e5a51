package epp.scheduling.framework;

import epp.scheduling.SchedulingRequest;
import java.util.List;

/** Rates each candidate between 0 and 1 (values outside are clamped); the profile applies the weight. */
public interface Scorer extends Plugin {
    /** @return one score per candidate, in the order of {@code candidates} */
    double[] score(SchedulingRequest request, List<Candidate> candidates);
}
