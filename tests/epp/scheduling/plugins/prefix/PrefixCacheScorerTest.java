package epp.scheduling.plugins.prefix;

import static epp.scheduling.TestEndpoints.candidates;
import static epp.scheduling.TestEndpoints.completion;
import static epp.scheduling.TestEndpoints.endpoint;
import static epp.scheduling.TestEndpoints.withCacheBlockSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import epp.datastore.Endpoint;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.SchedulingRequest;
import epp.scheduling.SchedulingResult;
import epp.scheduling.TestEndpoints;
import epp.scheduling.TestEndpoints.FakeDatastore;
import epp.scheduling.TestEndpoints.ManualClock;
import epp.scheduling.TestEndpoints.ManualTasks;
import epp.scheduling.framework.PluginHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrefixCacheScorerTest {
    private static final String PROMPT = "x".repeat(64 * 4); // four 64-byte blocks

    private final Endpoint a = endpoint("a", "10.0.0.1");
    private final Endpoint b = endpoint("b", "10.0.0.2");
    private final FakeDatastore datastore = new FakeDatastore(a, b);
    private final ManualClock clock = new ManualClock();
    private final ManualTasks tasks = new ManualTasks();
    private final List<String> observed = new ArrayList<>();
    private final SchedulingObserver observer = new SchedulingObserver() {
        @Override
        public void prefixIndexerHit(long hitBytes, double hitRatio, boolean hasRatio) {
            observed.add("hit " + hitBytes + " " + (hasRatio ? hitRatio : "-"));
        }

        @Override
        public void prefixIndexerSize(long entries) {
            observed.add("size " + entries);
        }
    };
    private final PrefixCacheScorer scorer = new PrefixCacheScorer("prefix",
            new PrefixCacheScorer.Config(64, 256, 31250),
            new PluginHandle(datastore, observer, TestEndpoints.seeded(1), clock, tasks));

    private double[] score(SchedulingRequest request) {
        return scorer.score(request, candidates(a, b));
    }

    private void sentTo(SchedulingRequest request, Endpoint target) {
        scorer.preRequest(request, new SchedulingResult("default", Map.of("default", List.of(target))), 8000);
    }

    @Test
    void aPromptScoresOneOnTheServerThatServedItBefore() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        assertArrayEquals(new double[] {0, 0}, score(first), 0);
        sentTo(first, a);

        assertArrayEquals(new double[] {1, 0}, score(completion("r2", "m", PROMPT)), 0);
    }

    @Test
    void aSharedPrefixScoresTheMatchedShare() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        sentTo(first, a);

        String sameFirstBlock = "x".repeat(64) + "y".repeat(64 * 3);
        assertArrayEquals(new double[] {0.25, 0}, score(completion("r2", "m", sameFirstBlock)), 0);
    }

    @Test
    void anotherModelOrSaltSharesNothing() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        sentTo(first, a);

        assertArrayEquals(new double[] {0, 0}, score(completion("r2", "other-model", PROMPT)), 0);
        var salted = new SchedulingRequest("r3", "m", new epp.scheduling.RequestBody.Completions(PROMPT, "salt"), Map.of());
        assertArrayEquals(new double[] {0, 0}, score(salted), 0);
    }

    @Test
    void preRequestReportsTheHitOfTheChosenServer() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        sentTo(first, a);
        SchedulingRequest second = completion("r2", "m", "x".repeat(64 * 2) + "z".repeat(64 * 2));
        score(second);
        sentTo(second, a);

        assertEquals(List.of("hit 0 0.0", "hit 128 0.5"), observed);
    }

    @Test
    void theServersKvBlockSizeTimesFourIsTheBlockSize() {
        Endpoint c = endpoint("c", "10.0.0.3", withCacheBlockSize(4)); // 16-byte blocks
        SchedulingRequest first = completion("r1", "m", "q".repeat(40));
        assertArrayEquals(new double[] {0}, scorer.score(first, candidates(c)), 0);
        sentTo(first, c);

        assertArrayEquals(new double[] {1}, scorer.score(completion("r2", "m", "q".repeat(40)), candidates(c)), 0);
        assertEquals(List.of("hit 0 0.0"), observed);
    }

    @Test
    void promptsShorterThanABlockScoreZeroAndReportNoRatio() {
        SchedulingRequest shortPrompt = completion("r1", "m", "tiny");
        assertArrayEquals(new double[] {0, 0}, score(shortPrompt), 0);
        sentTo(shortPrompt, a);
        assertEquals(List.of("hit 0 -"), observed);
    }

    @Test
    void preRequestConsumesTheRequestState() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        assertEquals(1, scorer.pendingRequestStates());
        sentTo(first, a);
        assertEquals(0, scorer.pendingRequestStates());

        sentTo(completion("never-scored", "m", PROMPT), b);
        assertEquals(List.of("hit 0 0.0"), observed, "a request that was not scored changes nothing");
    }

    @Test
    void requestStatesIdleForFiveMinutesArePurgedEveryMinute() {
        score(completion("abandoned", "m", PROMPT));
        clock.advance(Duration.ofMinutes(4));
        score(completion("recent", "m", PROMPT));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        tasks.runAllEvery(Duration.ofMinutes(1));

        assertEquals(1, scorer.pendingRequestStates());
        sentTo(completion("abandoned", "m", PROMPT), a);
        assertEquals(List.of(), observed, "the purged state is gone");
    }

    @Test
    void serversThatLeftTheDatastoreAreDroppedEveryTwoMinutes() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        sentTo(first, a);
        datastore.setEndpoints(b);

        tasks.runAllEvery(Duration.ofMinutes(2));

        assertArrayEquals(new double[] {0, 0}, score(completion("r2", "m", PROMPT)), 0);
    }

    @Test
    void indexSizeIsReportedEverySecond() {
        SchedulingRequest first = completion("r1", "m", PROMPT);
        score(first);
        sentTo(first, a);
        observed.clear();

        tasks.runAllEvery(Duration.ofSeconds(1));

        assertEquals(List.of("size 4"), observed);
    }

    @Test
    void closingStopsHousekeeping() throws Exception {
        assertEquals(3, tasks.active());
        scorer.close();
        assertEquals(0, tasks.active());
    }
}
