package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.InvalidParametersException;
import epp.scheduling.framework.Parameters;
import epp.scheduling.framework.ScoredCandidate;
import java.util.ArrayList;
import java.util.List;

/** The one parameter every picker has: how many endpoints to return (the rest are fallbacks). */
final class PickerParameters {
    static final String MAX_NUM_OF_ENDPOINTS = "maxNumOfEndpoints";

    private PickerParameters() {}

    /** {@code maxNumOfEndpoints}, default 1; values ≤ 0 mean 1. */
    static int maxNumOfEndpoints(JsonNode parameters) throws InvalidParametersException {
        int value = Parameters.of(parameters).integer(MAX_NUM_OF_ENDPOINTS, 1);
        return value <= 0 ? 1 : value;
    }

    static List<Candidate> firstCandidates(ScoredCandidate[] ordered, int max) {
        int count = Math.min(max, ordered.length);
        List<Candidate> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(ordered[i].candidate());
        }
        return picked;
    }
}
