package epp.scheduling.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.PluginHandle;
import epp.scheduling.framework.Scorer;
import epp.scheduling.framework.TypedName;
import java.util.List;

/** Prefers short waiting queues: {@code (max − q) / (max − min)} over the candidates, 1 for all when equal. */
public final class QueueScorer implements Scorer {
    public static final String TYPE = "queue-scorer";

    private final TypedName typedName;

    public QueueScorer(String name) {
        this.typedName = new TypedName(TYPE, name);
    }

    public static QueueScorer create(String name, JsonNode parameters, PluginHandle handle) {
        return new QueueScorer(name);
    }

    @Override
    public TypedName typedName() {
        return typedName;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (Candidate candidate : candidates) {
            int queue = candidate.metrics().waitingQueueSize();
            min = Math.min(min, queue);
            max = Math.max(max, queue);
        }
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            int queue = candidates.get(i).metrics().waitingQueueSize();
            scores[i] = max == min ? 1.0 : (double) (max - queue) / (max - min);
        }
        return scores;
    }
}
