package epp.kvevents;

import epp.datastore.EndpointId;
import epp.logging.Log;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Applies one endpoint's KV-event batches to the index in sequence order.
 *
 * <p>Sequence numbers count up by one per batch. A jump ahead is a gap: with a replay requester the
 * missing batches are asked for while live batches wait; without one, or when the replay cannot
 * fill it (its buffer no longer reaches back, or it does not end within the timeout), the
 * endpoint's blocks are dropped from the index and the stream goes on from the new batch. A jump
 * back means the publisher restarted: its cache is new, so the endpoint's blocks are dropped too.
 * Runs on the subscriber's thread only.
 */
final class BatchSequencer {
    static final long END_OF_REPLAY = -1;

    private final EndpointId id;
    private final String description;
    private final KvEventsConfig config;
    private final BlockIndex index;
    private final KvEventCounters counters;
    private final LongConsumer replay;

    private long next = -1;
    /** Where the last replay started: live batches from here up to {@code next} were already replayed. */
    private long replayedFrom = Long.MAX_VALUE;
    private boolean replaying;
    private long replayDeadlineNanos;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    private record Batch(long seq, byte[] payload) {}

    /** @param replay asks the publisher for every batch from a sequence number on, or null when it cannot */
    BatchSequencer(EndpointId id, String description, KvEventsConfig config, BlockIndex index, KvEventCounters counters,
                   LongConsumer replay) {
        this.id = id;
        this.description = description;
        this.config = config;
        this.index = index;
        this.counters = counters;
        this.replay = replay;
    }

    void onLive(long seq, byte[] payload) {
        Batch batch = new Batch(seq, payload);
        if (replaying) {
            pending.add(batch);
            if (pending.size() > config.maxPendingBatches()) {
                Log.info("KV event replay fell too far behind; dropping the endpoint's blocks", "endpoint", description);
                endReplay(true);
            }
            return;
        }
        accept(batch, replay != null);
    }

    void onReplayed(long seq, byte[] payload) {
        if (!replaying) {
            return; // the answer to a replay already given up
        }
        if (seq == END_OF_REPLAY) {
            endReplay(false);
        } else if (seq == next) {
            counters.replayed.increment();
            apply(new Batch(seq, payload));
        } else if (seq > next) {
            // The replay buffer no longer reaches back to `next`: those batches are lost.
            Log.info("KV event replay starts after the gap; dropping the endpoint's blocks", "endpoint", description,
                    "expected", next, "got", seq);
            dropBlocks();
            apply(new Batch(seq, payload));
        }
        // seq < next: already applied
    }

    /** Gives up a replay that did not end in time. */
    void checkReplayDeadline(long nowNanos) {
        if (replaying && nowNanos - replayDeadlineNanos > 0) {
            Log.info("KV event replay did not answer in time; dropping the endpoint's blocks", "endpoint", description,
                    "timeout", config.replayTimeout().toString());
            endReplay(true);
        }
    }

    /** @param mayReplay whether a gap may be filled by asking for a replay */
    private void accept(Batch batch, boolean mayReplay) {
        if (next < 0 || batch.seq() == next) {
            apply(batch);
        } else if (batch.seq() < next) {
            if (batch.seq() >= replayedFrom) {
                counters.duplicates.increment();
                return;
            }
            Log.info("KV event sequence went back (publisher restarted); dropping the endpoint's blocks",
                    "endpoint", description, "expected", next, "got", batch.seq());
            dropBlocks();
            apply(batch);
        } else if (mayReplay) {
            counters.gaps.increment();
            counters.replays.increment();
            Log.v(Log.VERBOSE, "KV event gap; asking for a replay", "endpoint", description, "expected", next,
                    "got", batch.seq());
            pending.add(batch);
            replaying = true;
            replayedFrom = next;
            replayDeadlineNanos = System.nanoTime() + config.replayTimeout().toNanos();
            replay.accept(next);
        } else {
            counters.gaps.increment();
            Log.info("KV event gap; dropping the endpoint's blocks", "endpoint", description, "expected", next,
                    "got", batch.seq(), "replay", replay == null ? "not configured" : "did not fill it");
            dropBlocks();
            apply(batch);
        }
    }

    /** Ends a replay: the live batches that waited are applied in order (no second replay). */
    private void endReplay(boolean failed) {
        replaying = false;
        if (failed) {
            dropBlocks();
            next = -1;
        }
        while (!pending.isEmpty()) {
            Batch batch = pending.poll();
            if (next >= 0 && batch.seq() < next) {
                counters.duplicates.increment();
                continue;
            }
            accept(batch, false);
        }
    }

    private void dropBlocks() {
        counters.drops.increment();
        index.removeEndpoint(id);
    }

    private void apply(Batch batch) {
        next = batch.seq() + 1;
        KvEventBatch decoded;
        try {
            decoded = KvEventDecoder.decode(batch.payload());
        } catch (MalformedBatchException e) {
            counters.malformed.increment();
            Log.v(Log.DEBUG, "KV event batch dropped", "endpoint", description, "seq", batch.seq(), "error", e.getMessage());
            return;
        }
        for (KvEvent event : decoded.events()) {
            if (event instanceof KvEvent.BlockStored stored && KvEvent.onGpu(stored.medium())) {
                index.add(stored.blockHashes(), id);
                counters.blocksStored.add(stored.blockHashes().length);
            } else if (event instanceof KvEvent.BlockRemoved removed && KvEvent.onGpu(removed.medium())) {
                index.remove(removed.blockHashes(), id);
                counters.blocksRemoved.add(removed.blockHashes().length);
            } else if (event instanceof KvEvent.AllBlocksCleared) {
                index.removeEndpoint(id);
            }
        }
        counters.batches.increment();
    }
}
