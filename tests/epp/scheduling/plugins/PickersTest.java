package epp.scheduling.plugins;

import static epp.scheduling.TestEndpoints.endpoint;
import static epp.scheduling.TestEndpoints.seeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.scheduling.framework.Candidate;
import epp.scheduling.framework.Picker;
import epp.scheduling.framework.ScoredCandidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickersTest {
    private static final int RUNS = 20_000;

    private static List<ScoredCandidate> scored(double... scores) {
        List<ScoredCandidate> list = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            list.add(new ScoredCandidate(Candidate.of(endpoint("pod-" + i, "10.0.0." + (i + 1))), scores[i]));
        }
        return list;
    }

    private static String podOf(Candidate candidate) {
        return candidate.endpoint().id().podName();
    }

    /** How often each pod came first over {@link #RUNS} picks. */
    private static Map<String, Integer> firstPicks(Picker picker, List<ScoredCandidate> scored) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < RUNS; i++) {
            counts.merge(podOf(picker.pick(scored).get(0)), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertShare(Map<String, Integer> counts, String pod, double expected) {
        double share = counts.getOrDefault(pod, 0) / (double) RUNS;
        // 20,000 seeded draws: the standard error of a share is below 0.0036; 0.02 is over 5 of them.
        assertTrue(Math.abs(share - expected) < 0.02, pod + " share " + share + ", expected " + expected + ": " + counts);
    }

    @Test
    void maxScorePickerPicksTheHighestTotal() {
        var picker = new MaxScorePicker("p", 1, seeded(1));
        for (int i = 0; i < 100; i++) {
            assertEquals("pod-2", podOf(picker.pick(scored(0.5, 1.2, 2.5, -1)).get(0)));
        }
    }

    @Test
    void maxScorePickerBreaksTiesUniformly() {
        var counts = firstPicks(new MaxScorePicker("p", 1, seeded(42)), scored(1, 3, 3, 3, 2));
        assertEquals(3, counts.size(), "only the tied best are ever picked: " + counts);
        for (String pod : List.of("pod-1", "pod-2", "pod-3")) {
            assertShare(counts, pod, 1 / 3.0);
        }
    }

    @Test
    void maxScorePickerReturnsFallbacksBestFirst() {
        var picker = new MaxScorePicker("p", 3, seeded(3));
        List<Candidate> picked = picker.pick(scored(0.1, 0.9, 0.5, 0.7));
        assertEquals(List.of("pod-1", "pod-3", "pod-2"), picked.stream().map(PickersTest::podOf).toList());
        assertEquals(2, new MaxScorePicker("p", 5, seeded(3)).pick(scored(0.1, 0.2)).size());
    }

    @Test
    void pickersDoNotModifyTheirInput() {
        List<ScoredCandidate> input = scored(0.1, 0.9, 0.5);
        List<ScoredCandidate> copy = List.copyOf(input);
        new MaxScorePicker("p", 2, seeded(1)).pick(input);
        new RandomPicker("p", 2, seeded(1)).pick(input);
        new WeightedRandomPicker("p", 2, seeded(1)).pick(input);
        assertEquals(copy, input);
    }

    @Test
    void randomPickerIgnoresScores() {
        var counts = firstPicks(new RandomPicker("p", 1, seeded(5)), scored(0, 10, 0, 0));
        for (int i = 0; i < 4; i++) {
            assertShare(counts, "pod-" + i, 0.25);
        }
    }

    @Test
    void randomPickerReturnsDistinctCandidates() {
        List<Candidate> picked = new RandomPicker("p", 3, seeded(9)).pick(scored(1, 2, 3, 4));
        assertEquals(3, picked.stream().map(PickersTest::podOf).distinct().count());
    }

    @Test
    void weightedRandomPickerIsProportionalToScore() {
        // A-Res with one pick: P(i first) = w_i / Σw.
        var counts = firstPicks(new WeightedRandomPicker("p", 1, seeded(11)), scored(1, 2, 5, 0));
        assertShare(counts, "pod-0", 1 / 8.0);
        assertShare(counts, "pod-1", 2 / 8.0);
        assertShare(counts, "pod-2", 5 / 8.0);
        assertEquals(0, counts.getOrDefault("pod-3", 0), "a zero score is never picked while a positive one exists");
    }

    @Test
    void weightedRandomPickerWithZeroTotalsIsUniform() {
        var counts = firstPicks(new WeightedRandomPicker("p", 1, seeded(13)), scored(0, 0, 0, -1));
        for (int i = 0; i < 4; i++) {
            assertShare(counts, "pod-" + i, 0.25);
        }
    }

    @Test
    void weightedRandomPickerPutsNonPositiveScoresLast() {
        var picker = new WeightedRandomPicker("p", 3, seeded(17));
        for (int i = 0; i < 200; i++) {
            List<String> picked = picker.pick(scored(-2, 0.5, 0, 3)).stream().map(PickersTest::podOf).toList();
            assertEquals(3, picked.size());
            assertTrue(List.of("pod-1", "pod-3").containsAll(picked.subList(0, 2)), picked.toString());
        }
    }
}
