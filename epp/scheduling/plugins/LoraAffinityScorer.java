package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.datastore.ModelServerMetrics;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.TypedName;
import java.util.List;

/**
 * Prefers servers that already run the request's target model (a LoRA adapter): active 1.0; room to
 * load another adapter 0.8; queued for loading 0.6; otherwise 0.
 */
public final class LoraAffinityScorer implements Scorer {
    public static final String TYPE = "lora-affinity-scorer";

    private final TypedName typedName;

    public LoraAffinityScorer(String name) {
        this.typedName = new TypedName(TYPE, name);
    }

    public static LoraAffinityScorer create(String name, JsonNode parameters, PluginHandle handle) {
        return new LoraAffinityScorer(name);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        String model = request.targetModel() == null ? "" : request.targetModel();
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = affinity(candidates.get(i).metrics(), model);
        }
        return scores;
    }

    private static double affinity(ModelServerMetrics metrics, String model) {
        if (metrics.activeModels().contains(model)) {
            return 1.0;
        }
        if (metrics.activeModels().size() + metrics.waitingModels().size() < metrics.maxActiveModels()) {
            return 0.8;
        }
        if (metrics.waitingModels().contains(model)) {
            return 0.6;
        }
        return 0;
    }
}
