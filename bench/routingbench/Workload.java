package bench.routingbench;

import java.util.Random;

/**
 * What requests a benchmark stage sends. Lengths are in the simulator's tokens (4 bytes of ASCII
 * each, see sim/README.md), so a prompt of N tokens is 4N characters. Implementations are
 * immutable; all randomness comes from the generator's seeded {@link Random}.
 */
public interface Workload {
    String name();

    /** One line saying what the workload is, for the report. */
    String description();

    CompletionRequest next(Random random);
}
