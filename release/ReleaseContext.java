package release;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import kube.Cluster;

/** What every action works with: storage, the cluster, the chart, the clock, who we are, where progress goes. */
public record ReleaseContext(ReleaseStore store, Cluster cluster, ReleaseChart chart, Clock clock,
        HolderIdentity holder, Consumer<String> progress) {

    public ReleaseContext withChart(ReleaseChart other) {
        return new ReleaseContext(store, cluster, other, clock, holder, progress);
    }

    /** The same context reporting progress (messages, and waits when the sink is a {@link WaitListener}) to another sink. */
    public ReleaseContext withProgress(Consumer<String> other) {
        return new ReleaseContext(store, cluster, chart, clock, holder, other);
    }

    public String namespace() {
        return store.namespace();
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
