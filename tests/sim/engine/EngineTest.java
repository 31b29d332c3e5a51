package sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sim.engine.Fixtures.prompt;
import static sim.engine.Fixtures.request;
import static sim.engine.VirtualTimers.millis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Continuous batching, prefix caching and the latency model of one engine, on a virtual clock. */
class EngineTest {
    private final VirtualTimers timers = new VirtualTimers();

    @Test
    void requestsBeyondMaxNumSeqsWaitAndStartFirstComeFirstServed() {
        SimOptions options = Fixtures.exactOptions();
        options.maxNumSeqs = 2;
        Engine engine = Fixtures.engine(options, timers, KvEventSink.NONE);
        List<Fixtures.Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var r = new Fixtures.Recorder(timers);
            recorders.add(r);
            engine.submit(request(prompt("q" + i, 32), 3), r);
        }

        assertEquals(2, engine.runningCount());
        assertEquals(2, engine.waitingCount());
        assertTrue(recorders.get(0).hasStarted() && recorders.get(1).hasStarted());
        assertFalse(recorders.get(2).hasStarted());

        // prefill 10 + 32 × 0.1 = 13.2 ms, then two more tokens 5 ms apart: both done at 23.2 ms
        timers.advance(millis(23.2));
        assertTrue(recorders.get(0).done() && recorders.get(1).done());
        assertEquals(2, engine.runningCount());
        assertEquals(0, engine.waitingCount());
        assertEquals(millis(23.2), recorders.get(2).startedAt);
        assertEquals(recorders.get(2).startedAt, recorders.get(3).startedAt);

        timers.runAll();
        assertTrue(recorders.stream().allMatch(Fixtures.Recorder::done));
        assertEquals(0, engine.runningCount());
        assertEquals(4L, engine.stats().finished.get(FinishReason.LENGTH));
    }

    @Test
    void withMaxNumBatchedTokensPromptsQueueForTheAcceleratorAndStallTheBatchsDecoding() {
        SimOptions options = Fixtures.exactOptions();
        options.maxNumBatchedTokens = 100; // a chunk: 100 x 0.1 ms = 10 ms
        List<Fixtures.Recorder> shortAndLong = shortThenLongPrompt(options);

        // short: prefill 10 + 3.2 ms; long: 10 + 32 ms after it (independent timings: 42 ms);
        // the short one's two decode steps (5 ms each) each carry a 10 ms chunk of the long prompt
        assertEquals(List.of(millis(13.2), millis(28.2), millis(43.2)), shortAndLong.get(0).tokenTimes);
        assertEquals(millis(55.2), shortAndLong.get(1).firstTokenAt());
    }

    @Test
    void withoutMaxNumBatchedTokensPrefillAndDecodeAreTimedIndependently() {
        List<Fixtures.Recorder> shortAndLong = shortThenLongPrompt(Fixtures.exactOptions());

        assertEquals(List.of(millis(13.2), millis(18.2), millis(23.2)), shortAndLong.get(0).tokenTimes);
        assertEquals(millis(42), shortAndLong.get(1).firstTokenAt());
    }

    /** A 32-token prompt for 3 tokens and a 320-token one for 1, submitted together and run to the end. */
    private List<Fixtures.Recorder> shortThenLongPrompt(SimOptions options) {
        Engine engine = Fixtures.engine(options, timers, KvEventSink.NONE);
        var shortPrompt = new Fixtures.Recorder(timers);
        var longPrompt = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("short", 32), 3), shortPrompt);
        engine.submit(request(prompt("long", 320), 1), longPrompt);
        timers.runAll();
        return List.of(shortPrompt, longPrompt);
    }

    @Test
    void aRepeatedPrefixSkipsItsCachedBlocksInPrefill() {
        Engine engine = Fixtures.engine(Fixtures.exactOptions(), timers, KvEventSink.NONE);
        String system = prompt("shared system prompt", 640); // 40 blocks of 16 tokens
        var first = new Fixtures.Recorder(timers);
        engine.submit(request(system + prompt("question one", 40), 1), first);
        timers.runAll();
        assertEquals(680, engine.stats().lastPrefillTokens);

        var second = new Fixtures.Recorder(timers);
        long submitted = timers.nowNanos();
        engine.submit(request(system + prompt("question two", 40), 1), second);
        timers.runAll();

        assertEquals(40, engine.stats().lastPrefillTokens, "only the new question is prefilled");
        assertEquals(millis(10 + 680 * 0.1), first.firstTokenAt());
        assertEquals(millis(10 + 40 * 0.1), second.firstTokenAt() - submitted);
        assertEquals(680 + 680, engine.stats().prefixCacheQueries);
        assertEquals(640, engine.stats().prefixCacheHits);
    }

    @Test
    void aFullyCachedPromptStillComputesItsLastTokenAsVllmDoes() {
        Engine engine = Fixtures.engine(Fixtures.exactOptions(), timers, KvEventSink.NONE);
        String prompt = prompt("exact", 64); // 4 full blocks
        engine.submit(request(prompt, 1), new Fixtures.Recorder(timers));
        timers.runAll();
        engine.submit(request(prompt, 1), new Fixtures.Recorder(timers));
        timers.runAll();

        assertEquals(48, engine.stats().prefixCacheHits, "the last block is recomputed for the last token");
        assertEquals(16, engine.stats().lastPrefillTokens);
    }

    @Test
    void aRequestWhoseBlocksDoNotFitWaitsAndBlocksTheQueueBehindIt() {
        SimOptions options = Fixtures.exactOptions();
        options.kvCacheSize = 10;
        Engine engine = Fixtures.engine(options, timers, KvEventSink.NONE);
        var big = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("big", 100), 12), big); // 112 tokens = 7 blocks
        var second = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("second", 60), 4), second); // 4 blocks: 7 + 4 > 10
        var small = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("small", 10), 2), small); // 1 block would fit, but FCFS

        assertEquals(1, engine.runningCount());
        assertEquals(2, engine.waitingCount());
        assertEquals(0.7, engine.kvCache().usage(), 1e-9);
        assertFalse(small.hasStarted());

        timers.runAll();
        assertTrue(big.done() && second.done() && small.done());
        assertTrue(second.startedAt >= big.tokenTimes.get(11));
    }

    @Test
    void aRequestLongerThanTheCacheOrTheModelIsRejected() {
        SimOptions options = Fixtures.exactOptions();
        options.kvCacheSize = 4;
        Engine engine = Fixtures.engine(options, timers, KvEventSink.NONE);
        assertNull(engine.rejection(60, 4));
        assertNotNull(engine.rejection(60, 5));
        assertTrue(engine.rejection(40000, 1).contains("maximum context length is 32768 tokens"));
    }

    @Test
    void anAbortedRequestFreesItsSlotAndBlocks() {
        SimOptions options = Fixtures.exactOptions();
        options.maxNumSeqs = 1;
        Engine engine = Fixtures.engine(options, timers, KvEventSink.NONE);
        var running = new Fixtures.Recorder(timers);
        Engine.Sequence seq = engine.submit(request(prompt("a", 32), 100), running);
        var next = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("b", 32), 1), next);
        timers.advance(millis(20));

        engine.abort(seq);

        assertTrue(next.hasStarted());
        assertEquals(1L, engine.stats().finished.get(FinishReason.ABORT));
        timers.runAll();
        assertTrue(next.done());
        assertFalse(running.done());
        assertEquals(0, engine.kvCache().heldBlocks());
    }

    @Test
    void latenciesGrowLinearlyWithTheBatchUpToTheLoadFactor() {
        SimOptions options = Fixtures.exactOptions();
        options.maxNumSeqs = 5;
        options.timeFactorUnderLoad = 3.0;
        var model = new LatencyModel(options, new Jitter(new Random(1)));
        assertEquals(1.0, model.loadFactor(1));
        assertEquals(2.0, model.loadFactor(3));
        assertEquals(3.0, model.loadFactor(5));
        assertEquals(millis(15), model.interTokenNanos(5));
        assertEquals(millis(2 * (10 + 100 * 0.1)), model.prefillNanos(100, 3));
    }

    @Test
    void constantModeUsesTimeToFirstTokenWhateverThePromptLength() {
        SimOptions options = Fixtures.exactOptions();
        options.timeToFirstToken = Duration.ofMillis(30);
        var model = new LatencyModel(options, new Jitter(new Random(1)));
        assertEquals(millis(30), model.prefillNanos(5000, 1));
    }

    @Test
    void jitterIsSeededCappedAndClamped() {
        var a = new Jitter(new Random(42));
        var b = new Jitter(new Random(42));
        long mean = millis(10);
        for (int i = 0; i < 1000; i++) {
            long sample = a.sample(mean, millis(100));
            assertEquals(sample, b.sample(mean, millis(100)), "same seed, same samples");
            assertTrue(sample >= millis(3) && sample <= millis(17), "clamped to mean ± 70 %: " + sample);
        }
    }

    @Test
    void echoModeAnswersWithThePromptAndRandomModeIsSeeded() {
        SimOptions options = Fixtures.exactOptions();
        options.mode = "echo";
        Engine echo = Fixtures.engine(options, timers, KvEventSink.NONE);
        var r = new Fixtures.Recorder(timers);
        echo.submit(new InferenceRequest(null, "Hello, world!", Fixtures.TOKENIZER.encode("Hello, world!"), null, false), r);
        timers.runAll();
        assertEquals("Hello, world!", String.join("", r.tokens));
        assertEquals(List.of("Hell", "o, w", "orld", "!"), r.tokens);
        assertEquals(FinishReason.STOP, r.reason);

        SimOptions random = Fixtures.exactOptions();
        random.seed = 7;
        var x = new Fixtures.Recorder(timers);
        var y = new Fixtures.Recorder(timers);
        Fixtures.engine(random, timers, KvEventSink.NONE).submit(request("p", 20), x);
        Fixtures.engine(random.copy(), timers, KvEventSink.NONE).submit(request("p", 20), y);
        timers.runAll();
        assertEquals(x.tokens, y.tokens);
        assertEquals(20, x.completionTokens);
        assertEquals(FinishReason.LENGTH, x.reason);
    }
}
