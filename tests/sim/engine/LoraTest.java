package sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sim.engine.Fixtures.loraRequest;
import static sim.engine.Fixtures.prompt;
import static sim.engine.Fixtures.request;
import static sim.engine.VirtualTimers.millis;

import java.util.List;
import org.junit.jupiter.api.Test;

/** max-loras adapters at once; loading one costs time; a blocked adapter does not block the others. */
class LoraTest {
    private final VirtualTimers timers = new VirtualTimers();

    private Engine engine(int maxLoras) {
        SimOptions options = Fixtures.exactOptions();
        options.maxLoras = maxLoras;
        options.loraModules = List.of("sql", "tweet", "chat=/adapters/chat");
        return Fixtures.engine(options, timers, KvEventSink.NONE);
    }

    @Test
    void aSecondAdapterWaitsWhileMaxLorasAreBusyAndOthersGoAhead() {
        Engine engine = engine(1);
        var sql = new Fixtures.Recorder(timers);
        engine.submit(loraRequest("sql", prompt("s", 16), 5), sql);
        var tweet = new Fixtures.Recorder(timers);
        engine.submit(loraRequest("tweet", prompt("t", 16), 5), tweet);
        var base = new Fixtures.Recorder(timers);
        engine.submit(request(prompt("b", 16), 5), base);
        var sqlAgain = new Fixtures.Recorder(timers);
        engine.submit(loraRequest("sql", prompt("s2", 16), 5), sqlAgain);

        assertTrue(sql.hasStarted());
        assertFalse(tweet.hasStarted(), "its adapter cannot be loaded: the only slot is busy");
        assertTrue(base.hasStarted(), "the base model needs no slot");
        assertTrue(sqlAgain.hasStarted(), "its adapter is loaded");
        assertEquals(List.of("sql"), engine.runningAdapters());
        assertEquals(List.of("tweet"), engine.waitingAdapters());

        timers.runAll();
        assertTrue(tweet.done());
        assertTrue(engine.isAdapterLoaded("tweet"));
        assertFalse(engine.isAdapterLoaded("sql"), "the idle adapter was unloaded for the new one");
    }

    @Test
    void loadingAnAdapterAddsItsLoadTimeToThePrefill() {
        Engine engine = engine(2);
        var cold = new Fixtures.Recorder(timers);
        engine.submit(loraRequest("sql", prompt("a", 16), 1), cold);
        timers.runAll();
        long start = timers.nowNanos();
        var warm = new Fixtures.Recorder(timers);
        engine.submit(loraRequest("sql", prompt("b", 16), 1), warm);
        timers.runAll();

        assertEquals(millis(10 + 1.6 + 50), cold.firstTokenAt());
        assertEquals(millis(10 + 1.6), warm.firstTokenAt() - start);
    }

    @Test
    void theSamePromptUnderAnotherAdapterSharesNoBlocks() {
        Engine engine = engine(2);
        String p = prompt("same", 64);
        engine.submit(loraRequest("sql", p, 1), new Fixtures.Recorder(timers));
        timers.runAll();
        engine.submit(loraRequest("tweet", p, 1), new Fixtures.Recorder(timers));
        timers.runAll();
        assertEquals(0, engine.stats().prefixCacheHits);
    }
}
