package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Picker;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ScoredCandidate;
import epp.scheduling.framework.TypedName;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Picks with probability proportional to score, without replacement (Efraimidis–Spirakis A-Res:
 * key = U^(1/score), highest keys win). Candidates with score ≤ 0 get key 0; when no candidate has
 * a positive score it behaves like the random picker.
 */
public final class WeightedRandomPicker implements Picker {
    public static final String TYPE = "weighted-random-picker";

    private final TypedName typedName;
    private final int maxNumOfEndpoints;
    private final Supplier<RandomGenerator> random;

    public WeightedRandomPicker(String name, int maxNumOfEndpoints, Supplier<RandomGenerator> random) {
        this.typedName = new TypedName(TYPE, name);
        this.maxNumOfEndpoints = maxNumOfEndpoints;
        this.random = random;
    }

    public static WeightedRandomPicker create(String name, JsonNode parameters, PluginHandle handle)
            throws InvalidParametersException {
        return new WeightedRandomPicker(name, PickerParameters.maxNumOfEndpoints(parameters), handle.random());
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public List<Candidate> pick(List<ScoredCandidate> scored) {
        RandomGenerator generator = random.get();
        ScoredCandidate[] keyed = new ScoredCandidate[scored.size()];
        for (int i = 0; i < keyed.length; i++) {
            ScoredCandidate candidate = scored.get(i);
            keyed[i] = new ScoredCandidate(candidate.candidate(), key(candidate.score(), generator));
        }
        // Shuffled first so that equal keys (all the zero keys) come out in random order too;
        // with no positive score every key is 0 and this is exactly the random picker.
        Shuffle.inPlace(keyed, generator);
        Arrays.sort(keyed, (a, b) -> Double.compare(b.score(), a.score()));
        return PickerParameters.firstCandidates(keyed, maxNumOfEndpoints);
    }

    private static double key(double weight, RandomGenerator generator) {
        if (!(weight > 0)) {
            return 0;
        }
        double u = generator.nextDouble();
        if (u == 0) {
            u = 1e-10;
        }
        return Math.pow(u, 1.0 / weight);
    }
}
