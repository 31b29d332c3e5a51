package epp.scheduling.framework;

/** A scorer as a profile uses it: its clamped score is multiplied by the weight (may be 0 or negative). */
public record WeightedScorer(Scorer scorer, int weight) {}
