package epp.scheduling.framework;

import epp.datastore.Datastore;
import epp.scheduling.SchedulingObserver;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What plugin factories may use besides their parameters. Everything that makes a plugin
 * non-deterministic (randomness, time, background work) comes from here, so tests inject fixed ones.
 *
 * @param random returns the generator to use on the calling thread (production: the thread's own
 *               {@link ThreadLocalRandom}; tests: one seeded generator)
 */
public record PluginHandle(Datastore datastore, SchedulingObserver observer, Supplier<RandomGenerator> random,
                           InstantSource clock, PeriodicTasks periodicTasks) {

    public static PluginHandle production(Datastore datastore, SchedulingObserver observer) {
        return new PluginHandle(datastore, observer, ThreadLocalRandom::current, InstantSource.system(),
                ExecutorPeriodicTasks.SHARED);
    }
}
