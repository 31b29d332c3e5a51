package epp.kvevents;

import java.util.concurrent.atomic.LongAdder;

/** What the subscriber has done since it started: for logs, tests and the benchmark. */
public final class KvEventCounters {
    public final LongAdder batches = new LongAdder();
    public final LongAdder blocksStored = new LongAdder();
    public final LongAdder blocksRemoved = new LongAdder();
    /** Sequence gaps seen. */
    public final LongAdder gaps = new LongAdder();
    /** Replays asked for. */
    public final LongAdder replays = new LongAdder();
    /** Batches applied from a replay. */
    public final LongAdder replayed = new LongAdder();
    /** Times an endpoint's blocks were dropped (gap not filled, publisher restart, replay given up). */
    public final LongAdder drops = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    /** Messages on the bound socket whose topic names no known endpoint. */
    public final LongAdder unknownTopics = new LongAdder();

    @Override
    public String toString() {
        return "batches=" + batches + " stored=" + blocksStored + " removed=" + blocksRemoved + " gaps=" + gaps
                + " replays=" + replays + " replayed=" + replayed + " drops=" + drops + " duplicates=" + duplicates
                + " malformed=" + malformed + " unknownTopics=" + unknownTopics;
    }
}
