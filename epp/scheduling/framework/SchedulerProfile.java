package epp.scheduling.framework;

import epp.datastore.Endpoint;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scheduling profile (epp.md §5.4 "Profile run"): filters in order, then the weighted sum of the
 * clamped scorer results per candidate, then the picker. Immutable and thread-safe.
 */
public final class SchedulerProfile {
    static final String NO_PODS = "no pods available for the given request";

    private final List<Filter> filters;
    private final List<WeightedScorer> scorers;
    private final Picker picker;

    public SchedulerProfile(List<Filter> filters, List<WeightedScorer> scorers, Picker picker) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
        this.picker = Objects.requireNonNull(picker, "picker");
    }

    public List<Filter> filters() {
        return filters;
    }

    public List<WeightedScorer> scorers() {
        return scorers;
    }

    public Picker picker() {
        return picker;
    }

    public ProfileRunResult run(SchedulingRequest request, List<Candidate> candidates, SchedulingObserver observer) {
        List<Candidate> remaining = candidates;
        for (Filter filter : filters) {
            if (remaining.isEmpty()) {
                break;
            }
            long start = System.nanoTime();
            remaining = filter.filter(request, remaining);
            observe(observer, "Filter", filter, start);
        }
        if (remaining.isEmpty()) {
            return ProfileRunResult.failed(NO_PODS);
        }

        double[] totals = new double[remaining.size()];
        for (WeightedScorer weighted : scorers) {
            Scorer scorer = weighted.scorer();
            long start = System.nanoTime();
            double[] scores = scorer.score(request, remaining);
            observe(observer, "Scorer", scorer, start);
            if (scores.length != totals.length) {
                throw new IllegalStateException("scorer " + scorer.typedName() + " returned " + scores.length
                        + " scores for " + totals.length + " candidates");
            }
            for (int i = 0; i < totals.length; i++) {
                totals[i] += clamp(scores[i]) * weighted.weight();
            }
        }

        List<ScoredCandidate> scored = new ArrayList<>(totals.length);
        for (int i = 0; i < totals.length; i++) {
            scored.add(new ScoredCandidate(remaining.get(i), totals[i]));
        }
        long start = System.nanoTime();
        List<Candidate> picked = picker.pick(scored);
        observe(observer, "Picker", picker, start);

        List<Endpoint> targets = new ArrayList<>(picked.size());
        for (Candidate candidate : picked) {
            targets.add(candidate.endpoint());
        }
        return ProfileRunResult.picked(targets);
    }

    /** Scores are clamped to [0, 1]; NaN (e.g. from a NaN metric) counts as 0 so sorting stays well-defined. */
    static double clamp(double score) {
        if (!(score > 0)) {
            return 0;
        }
        return Math.min(score, 1);
    }

    static void observe(SchedulingObserver observer, String extensionPoint, Plugin plugin, long startNanos) {
        TypedName name = plugin.typedName();
        observer.pluginDuration(extensionPoint, name.type(), name.name(), Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
