package sim.engine;

import java.util.ArrayDeque;

/**
 * The engine's prompt computation when prefill and decode share the accelerator, as in vLLM's
 * scheduler with chunked prefill: prompts are computed one after another in the order their
 * requests start, and every engine step that decodes the running requests' next tokens also carries
 * up to one chunk of that prompt work ({@code max-num-batched-tokens} tokens), so a decoded token
 * takes as much longer as the prompt work that falls in its interval, at most one chunk's time.
 */
final class PrefillLane {
    /** Booked prompt computations, [start, end) in nanoseconds: disjoint and in order. */
    private final ArrayDeque<long[]> booked = new ArrayDeque<>();
    private final long chunkNanos;
    private long freeAt = Long.MIN_VALUE;

    /** {@code chunkNanos}: the time of one chunk of prompt tokens, the most one decode step waits. */
    PrefillLane(long chunkNanos) {
        this.chunkNanos = chunkNanos;
    }

    /** Books a prompt computation of {@code nanos} that can start at {@code now}; returns when it ends. */
    long book(long now, long nanos) {
        forgetBefore(now);
        long start = Math.max(now, freeAt);
        freeAt = start + nanos;
        booked.addLast(new long[] {start, freeAt});
        return freeAt;
    }

    /** How long a decode step of {@code nanos} that starts at {@code now} takes with the prompt work it carries. */
    long decodeNanos(long now, long nanos) {
        forgetBefore(now);
        long windowEnd = now + nanos + chunkNanos;
        long promptWork = 0;
        for (long[] interval : booked) {
            if (interval[0] >= windowEnd) {
                break;
            }
            promptWork += Math.min(interval[1], windowEnd) - Math.max(interval[0], now);
        }
        return nanos + Math.min(promptWork, chunkNanos);
    }

    /** Booked work that ended before {@code now} (also when nothing decodes, e.g. every request wants one token). */
    private void forgetBefore(long now) {
        while (!booked.isEmpty() && booked.peekFirst()[1] <= now) {
            booked.removeFirst();
        }
    }

    /** Bookings still held (tests). */
    int bookedCount() {
        return booked.size();
    }
}
