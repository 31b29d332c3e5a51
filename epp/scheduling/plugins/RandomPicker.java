package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Picker;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.ScoredCandidate;
import epp.scheduling.framework.TypedName;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Ignores scores: a uniformly random order, first {@code maxNumOfEndpoints}. */
public final class RandomPicker implements Picker {
    public static final String TYPE = "random-picker";

    private final TypedName typedName;
    private final int maxNumOfEndpoints;
    private final Supplier<RandomGenerator> random;

    public RandomPicker(String name, int maxNumOfEndpoints, Supplier<RandomGenerator> random) {
        this.typedName = new TypedName(TYPE, name);
        this.maxNumOfEndpoints = maxNumOfEndpoints;
        this.random = random;
    }

    public static RandomPicker create(String name, JsonNode parameters, PluginHandle handle)
            throws InvalidParametersException {
        return new RandomPicker(name, PickerParameters.maxNumOfEndpoints(parameters), handle.random());
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public List<Candidate> pick(List<ScoredCandidate> scored) {
        ScoredCandidate[] ordered = scored.toArray(new ScoredCandidate[0]);
        Shuffle.inPlace(ordered, random.get());
        return PickerParameters.firstCandidates(ordered, maxNumOfEndpoints);
    }
}
