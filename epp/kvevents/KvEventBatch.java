package epp.kvevents;

import java.util.List;

/** vLLM's KVEventBatch: publish time (seconds since the epoch), events in order, data-parallel rank (or null). */
public record KvEventBatch(double ts, List<KvEvent> events, Integer dataParallelRank) {
    public KvEventBatch {
        events = List.copyOf(events);
    }
}
