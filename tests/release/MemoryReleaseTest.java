package release;

import testing.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of the tests that run release actions in namespace "serving" on a memory store and a fake
 * cluster, at a settable time, collecting the progress lines the actions print.
 */
abstract class MemoryReleaseTest {
    static final Map<String, Object> VALUES = Map.of("matchLabels", Map.of("app", "vllm"));

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    final MemoryReleaseStore store = new MemoryReleaseStore("serving", clock);
    final FakeCluster cluster = new FakeCluster();
    final List<String> progress = new ArrayList<>();
    final ReleaseContext ctx = new ReleaseContext(store, cluster, new TestChart(), clock, HolderIdentity.current(), progress::add);
}
