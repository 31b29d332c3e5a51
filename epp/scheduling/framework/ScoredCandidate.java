package epp.scheduling.framework;

/** A candidate with the weighted sum of its clamped scores, as handed to a picker. */
public record ScoredCandidate(Candidate candidate, double score) {}
