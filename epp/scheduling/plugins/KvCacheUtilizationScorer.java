package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.TypedName;
import java.util.List;

/** Prefers free KV cache: {@code 1 − KVCacheUsagePercent} (a fraction, 0..1). */
public final class KvCacheUtilizationScorer implements Scorer {
    public static final String TYPE = "kv-cache-utilization-scorer";

    private final TypedName typedName;

    public KvCacheUtilizationScorer(String name) {
        this.typedName = new TypedName(TYPE, name);
    }

    public static KvCacheUtilizationScorer create(String name, JsonNode parameters, PluginHandle handle) {
        return new KvCacheUtilizationScorer(name);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 1 - candidates.get(i).metrics().kvCacheUsagePercent();
        }
        return scores;
    }
}
