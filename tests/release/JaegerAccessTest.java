package release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding the pod behind `<release>-jaeger-query`, and the errors when there is none. */
class JaegerAccessTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    final MemoryReleaseStore store = new MemoryReleaseStore("serving", clock);
    final FakeCluster cluster = new FakeCluster();
    final ReleaseContext ctx = new ReleaseContext(store, cluster, new TestChart(), clock, HolderIdentity.current(), line -> {});
    final JaegerAccess access = new JaegerAccess(ctx, null);
    static final Map<String, String> JAEGER_POD_LABELS = Map.of("app.kubernetes.io/instance", "pool-1", "app.kubernetes.io/component", "all-in-one");

    void install(boolean jaeger) {
        new Install(ctx).run(Install.Options.of("pool-1", Map.of("matchLabels", Map.of("app", "vllm"), "jaeger", Map.of("enabled", jaeger))));
    }

    @Test
    void findsTheReadyPodBehindTheQueryService() {
        install(true);
        cluster.putPod("serving", "jaeger-starting", JAEGER_POD_LABELS, false);
        cluster.putPod("serving", "jaeger-1", JAEGER_POD_LABELS, true);
        var target = access.find("pool-1");
        assertEquals(new JaegerAccess.Target("serving", "jaeger-1", 16686, "pool-1-jaeger-query"), target);
    }

    @Test
    void jaegerOffSaysHowToTurnItOn() {
        install(false);
        var e = assertThrows(ReleaseException.class, () -> access.find("pool-1"));
        assertTrue(e.getMessage().contains("has Jaeger off") && e.getMessage().contains("--set jaeger.enabled=true"), e.getMessage());
    }

    @Test
    void noReadyPodIsNamed() {
        install(true);
        cluster.putPod("serving", "jaeger-starting", JAEGER_POD_LABELS, false);
        var e = assertThrows(ReleaseException.class, () -> access.find("pool-1"));
        assertTrue(e.getMessage().startsWith("no ready pod behind Service pool-1-jaeger-query (1 pod(s) match"), e.getMessage());
    }

    @Test
    void unknownReleaseIsNotFound() {
        assertThrows(NotFoundException.class, () -> access.find("nope"));
    }
}
