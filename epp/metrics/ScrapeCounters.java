package epp.metrics;

import java.util.concurrent.atomic.LongAdder;

/** How many scrapes succeeded and failed since start: for the benchmark and for debugging. */
public final class ScrapeCounters {
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void succeeded() {
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }

    public long successes() {
        return succeeded.sum();
    }

    public long failures() {
        return failed.sum();
    }
}
