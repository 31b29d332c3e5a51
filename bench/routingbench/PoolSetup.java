package bench.routingbench;

import sim.engine.SimOptions;

/**
 * What one router run starts: {@code pods} simulated model servers with {@code sim}'s settings, behind
 * a gateway with {@code router}, whose EPP (if it has one) runs {@code eppConfig} (null: the chart's
 * default profile).
 */
public record PoolSetup(int pods, SimOptions sim, Router router, String eppConfig, long seed) {
}
