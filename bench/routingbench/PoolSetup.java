package bench.routingbench;

import sim.engine.SimOptions;

/** What one router run starts: {@code pods} simulated model servers with {@code sim}'s settings, behind a gateway with {@code router}. */
public record PoolSetup(int pods, SimOptions sim, Router router, long seed) {
}
