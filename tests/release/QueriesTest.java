package release;

import testing.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `list` (release.md §1.12), `history --max`, `get values --all`. */
class QueriesTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    final MemoryReleaseStore serving = new MemoryReleaseStore("serving", clock);
    final MemoryReleaseStore other = serving.inNamespace("other");
    final FakeCluster cluster = new FakeCluster();
    static final Map<String, Object> VALUES = Map.of("matchLabels", Map.of("app", "vllm"));

    ReleaseContext ctx(MemoryReleaseStore store) {
        return new ReleaseContext(store, cluster, new TestChart(), clock, HolderIdentity.current(), line -> {});
    }

    @BeforeEach
    void releases() {
        cluster.namespaces.add("other");
        new Install(ctx(serving)).run(Install.Options.builder("zeta").values(VALUES).labels(Map.of("team", "a")).build());
        clock.advance(Duration.ofMinutes(1));
        new Install(ctx(serving)).run(Install.Options.of("alpha", VALUES));
        clock.advance(Duration.ofMinutes(1));
        new Upgrade(ctx(serving)).run(Upgrade.Options.of("alpha", Map.of()));
        cluster.failApply = ref -> true;
        assertThrows(ReleaseException.class, () -> new Install(ctx(other)).run(Install.Options.of("broken", VALUES)));
        cluster.failApply = ref -> false;
    }

    List<String> names(Queries.ListOptions o) {
        return new Queries(serving).list(o).stream().map(r -> r.name() + ":" + r.version() + ":" + r.status()).toList();
    }

    @Test
    void listShowsTheNewestRevisionOfEveryReleaseInEveryStateSortedByName() {
        assertEquals(List.of("alpha:2:deployed", "zeta:1:deployed"), names(Queries.ListOptions.defaults()));
        var all = new Queries.ListOptions(true, null, Set.of(), null, false, false, 256, 0);
        assertEquals(List.of("alpha:2:deployed", "broken:1:failed", "zeta:1:deployed"), names(all));
    }

    @Test
    void listFiltersByStateNameSelectorAndPages() {
        var failed = new Queries.ListOptions(true, null, Set.of(ReleaseStatus.FAILED), null, false, false, 256, 0);
        assertEquals(List.of("broken:1:failed"), names(failed));
        var superseded = new Queries.ListOptions(false, null, Set.of(ReleaseStatus.SUPERSEDED), null, false, false, 256, 0);
        assertEquals(List.of("alpha:1:superseded"), names(superseded), "--superseded alone shows older revisions");
        assertEquals(List.of("zeta:1:deployed"), names(new Queries.ListOptions(false, "^z", Set.of(), null, false, false, 256, 0)));
        assertEquals(List.of("zeta:1:deployed"), names(new Queries.ListOptions(false, null, Set.of(), "team=a", false, false, 256, 0)));
        assertEquals(List.of("zeta:1:deployed", "alpha:2:deployed"), names(new Queries.ListOptions(false, null, Set.of(), null, true, false, 256, 0)));
        assertEquals(List.of("zeta:1:deployed"), names(new Queries.ListOptions(false, null, Set.of(), null, false, false, 1, 1)));
        var e = assertThrows(ReleaseException.class, () -> names(new Queries.ListOptions(false, "(", Set.of(), null, false, false, 256, 0)));
        assertTrue(e.getMessage().startsWith("invalid --filter regular expression"), e.getMessage());
    }

    @Test
    void historyMaxKeepsTheNewest() {
        assertEquals(List.of(2), new Queries(serving).history("alpha", 1).stream().map(Release::version).toList());
        assertThrows(NotFoundException.class, () -> new Queries(serving).history("nope", 10));
    }

    @Test
    void getValuesAllCoalescesOverTheStoredChartDefaults() {
        assertEquals(VALUES, new Queries(serving).values("alpha", 0, false));
        assertEquals(Map.of("replicas", 1, "matchLabels", Map.of("app", "vllm")), new Queries(serving).values("alpha", 0, true));
    }
}
