package release;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import kube.Applier;

/** What every action works with: storage, the cluster, the chart, the clock, who we are, where progress goes. */
public record ReleaseContext(ReleaseStore store, Applier applier, ReleaseChart chart, Clock clock,
        HolderIdentity holder, Consumer<String> progress) {

    public ReleaseContext withChart(ReleaseChart other) {
        return new ReleaseContext(store, applier, other, clock, holder, progress);
    }

    /** The same context reporting progress (messages, and waits when the sink is a {@link WaitListener}) to another sink. */
    public ReleaseContext withProgress(Consumer<String> other) {
        return new ReleaseContext(store, applier, chart, clock, holder, other);
    }

    public String namespace() {
        return store.namespace();
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
