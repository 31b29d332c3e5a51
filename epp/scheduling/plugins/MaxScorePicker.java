package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Picker;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ScoredCandidate;
import epp.scheduling.framework.TypedName;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Highest total first; shuffling before the stable sort breaks ties uniformly at random. */
public final class MaxScorePicker implements Picker {
    public static final String TYPE = "max-score-picker";

    private static final Comparator<ScoredCandidate> HIGHEST_FIRST =
            Comparator.comparingDouble(ScoredCandidate::score).reversed();

    private final TypedName typedName;
    private final int maxNumOfEndpoints;
    private final Supplier<RandomGenerator> random;

    public MaxScorePicker(String name, int maxNumOfEndpoints, Supplier<RandomGenerator> random) {
        this.typedName = new TypedName(TYPE, name);
        this.maxNumOfEndpoints = maxNumOfEndpoints;
        this.random = random;
    }

    public static MaxScorePicker create(String name, JsonNode parameters, PluginHandle handle)
            throws InvalidParametersException {
        return new MaxScorePicker(name, PickerParameters.maxNumOfEndpoints(parameters), handle.random());
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    public int maxNumOfEndpoints() {
        return maxNumOfEndpoints;
    }

    @Override
    public List<Candidate> pick(List<ScoredCandidate> scored) {
        ScoredCandidate[] ordered = scored.toArray(new ScoredCandidate[0]);
        Shuffle.inPlace(ordered, random.get());
        Arrays.sort(ordered, HIGHEST_FIRST); // stable
        return PickerParameters.firstCandidates(ordered, maxNumOfEndpoints);
    }
}
