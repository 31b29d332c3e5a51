package bench.routingbench;

import java.util.List;

/**
 * A running inference pool for one router run: simulated model servers behind a gateway. Started
 * fresh per run (clean KV caches), closed after it.
 */
public interface BenchPool extends AutoCloseable {
    /** The gateway, e.g. {@code http://127.0.0.1:41234}. */
    String gatewayUrl();

    /** Each simulated pod's base URL, for its /metrics counters. */
    List<String> podUrls();

    @Override
    void close();

    /** Starts a pool. */
    interface Starter {
        BenchPool start(PoolSetup setup) throws Exception;
    }
}
