package sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Prompt computations one at a time; a decode step carries at most one chunk of them. */
class PrefillLaneTest {
    @Test
    void promptsAreComputedOneAfterAnotherInBookingOrder() {
        PrefillLane lane = new PrefillLane(30);
        assertEquals(100, lane.book(0, 100));
        assertEquals(200, lane.book(50, 100), "waits for the first");
        assertEquals(310, lane.book(300, 10), "an idle lane starts at once");
    }

    @Test
    void aDecodeStepWaitsForThePromptWorkInItsIntervalUpToOneChunk() {
        PrefillLane lane = new PrefillLane(30);
        assertEquals(10, lane.decodeNanos(0, 10), "nothing booked");
        lane.book(0, 100);
        assertEquals(10 + 30, lane.decodeNanos(0, 10), "a long prompt stalls a step by one chunk");
        assertEquals(10 + 5, lane.decodeNanos(95, 10), "the prompt's last 5 ns");
        assertEquals(10, lane.decodeNanos(100, 10), "done before the step");
    }

    @Test
    void finishedPromptsAreForgottenEvenWhenNothingDecodes() {
        PrefillLane lane = new PrefillLane(30);
        for (int i = 0; i < 1000; i++) {
            lane.book(i * 100L, 10);
        }
        assertEquals(1, lane.bookedCount());
    }

    @Test
    void promptWorkLaterThanTheStepAndItsChunkDoesNotDelayIt() {
        PrefillLane lane = new PrefillLane(30);
        lane.book(100, 50);
        assertEquals(10, lane.decodeNanos(0, 10), "starts at 100, after the window [0, 40)");
        assertEquals(10 + 20, lane.decodeNanos(80, 10), "window [80, 120) holds 20 ns of it");
    }
}
