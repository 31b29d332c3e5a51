package epp.scheduling.plugins;

import static epp.scheduling.TestEndpoints.candidates;
import static epp.scheduling.TestEndpoints.completion;
import static epp.scheduling.TestEndpoints.endpoint;
import static epp.scheduling.TestEndpoints.loraMetrics;
import static epp.scheduling.TestEndpoints.metrics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorersTest {
    private static final double EXACT = 0;

    @Test
    void queueScorerNormalisesWaitingQueueBetweenMinAndMax() {
        var scores = new QueueScorer("q").score(completion("r", "m", "p"), candidates(
                endpoint("a", "10.0.0.1", metrics(2, 0)),
                endpoint("b", "10.0.0.2", metrics(10, 0)),
                endpoint("c", "10.0.0.3", metrics(4, 0))));
        // (max − q) / (max − min) with min 2, max 10
        assertArrayEquals(new double[] {1.0, 0.0, 0.75}, scores, EXACT);
    }

    @Test
    void queueScorerGivesEveryoneOneWhenQueuesAreEqual() {
        var scores = new QueueScorer("q").score(completion("r", "m", "p"), candidates(
                endpoint("a", "10.0.0.1", metrics(5, 0)),
                endpoint("b", "10.0.0.2", metrics(5, 0))));
        assertArrayEquals(new double[] {1.0, 1.0}, scores, EXACT);
    }

    @Test
    void queueScorerComparesOnlyTheCandidatesItIsGiven() {
        var scores = new QueueScorer("q").score(completion("r", "m", "p"), candidates(
                endpoint("a", "10.0.0.1", metrics(7, 0))));
        assertArrayEquals(new double[] {1.0}, scores, EXACT);
    }

    @Test
    void kvCacheScorerIsOneMinusUtilisation() {
        var scores = new KvCacheUtilizationScorer("kv").score(completion("r", "m", "p"), candidates(
                endpoint("a", "10.0.0.1", metrics(0, 0.0)),
                endpoint("b", "10.0.0.2", metrics(0, 0.25)),
                endpoint("c", "10.0.0.3", metrics(0, 1.0))));
        assertArrayEquals(new double[] {1.0, 0.75, 0.0}, scores, EXACT);
    }

    @Test
    void loraAffinityPrefersActiveThenRoomThenWaiting() {
        var request = completion("r", "adapter-1", "p");
        var scores = new LoraAffinityScorer("lora").score(request, candidates(
                endpoint("active", "10.0.0.1", loraMetrics(Set.of("adapter-1", "x"), Set.of(), 2)),
                endpoint("room", "10.0.0.2", loraMetrics(Set.of("x"), Set.of(), 2)),
                endpoint("waiting", "10.0.0.3", loraMetrics(Set.of("x"), Set.of("adapter-1"), 2)),
                endpoint("full", "10.0.0.4", loraMetrics(Set.of("x", "y"), Set.of(), 2))));
        assertArrayEquals(new double[] {1.0, 0.8, 0.6, 0.0}, scores, EXACT);
    }

    @Test
    void loraAffinityWithoutLoraMetricsIsOneOnlyWhenActive() {
        var request = completion("r", "base", "p");
        var scores = new LoraAffinityScorer("lora").score(request, candidates(
                endpoint("none", "10.0.0.1", loraMetrics(Set.of(), Set.of(), 0)),
                endpoint("active", "10.0.0.2", loraMetrics(Set.of("base"), Set.of(), 0))));
        assertArrayEquals(new double[] {0.0, 1.0}, scores, EXACT);
    }
}
