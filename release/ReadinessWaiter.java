package release;

import common.EppLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kube.ObjectRef;

/**
 * `--wait` that explains itself (better-than-Helm point 4): polls the workloads of a release,
 * reports each one's readiness to the context's {@link WaitListener} (by default a line whenever it
 * changes: `Deployment pool-epp 0/1 ready: <reason>`), and on timeout lists what is not ready and why.
 */
final class ReadinessWaiter {
    private static final Duration POLL = Duration.ofSeconds(1);
    private final ReleaseContext ctx;

    ReadinessWaiter(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    void await(List<Map<String, Object>> objects, Duration timeout) {
        var workloads = objects.stream().map(ObjectRef::of)
                .filter(r -> r.kind().equals("Deployment") || r.kind().equals("StatefulSet")).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        WaitListener listener = WaitListener.of(ctx.progress());
        listener.waiting(WaitListener.Goal.READY, workloads);
        boolean success = false;
        try {
            while (true) {
                var notReady = new ArrayList<String>();
                var describe = new ArrayList<String>();
                for (var ref : workloads) {
                    var state = observe(ref);
                    listener.observed(state);
                    if (!state.done()) {
                        notReady.add(ref.kind() + " " + ref.name() + " " + state.describe(WaitListener.Goal.READY));
                        describe.add(ref.kind().toLowerCase(java.util.Locale.ROOT) + "/" + ref.name());
                    }
                }
                if (notReady.isEmpty()) {
                    success = true;
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    throw new ReleaseException("timed out after " + timeout.toSeconds() + "s waiting for the release to become ready; not ready: "
                            + String.join("; ", notReady) + ". See why with `kubectl -n " + ctx.namespace() + " describe "
                            + String.join(" ", describe) + "`, or raise --timeout");
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ReleaseException("interrupted while waiting for the release to become ready");
                }
            }
        } finally {
            listener.finished(success);
        }
    }

    /** Ready with `ready/wanted` replicas, or not, with the reason from the pods or the conditions. */
    @SuppressWarnings("unchecked")
    private WaitListener.ObjectState observe(ObjectRef ref) {
        var live = ctx.cluster().get(ref);
        if (live.isEmpty()) {
            return new WaitListener.ObjectState(ref, false, 0, 0, "missing: the object was deleted");
        }
        var object = live.get();
        var spec = (Map<String, Object>) object.getOrDefault("spec", Map.of());
        var status = (Map<String, Object>) object.getOrDefault("status", Map.of());
        var meta = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
        long wanted = number(spec.get("replicas"), 1);
        long ready = number(status.get("readyReplicas"), 0);
        long updated = number(status.get("updatedReplicas"), 0);
        long generation = number(meta.get("generation"), 0);
        long observed = number(status.get("observedGeneration"), 0);
        if (observed >= generation && ready >= wanted && updated >= wanted) {
            return new WaitListener.ObjectState(ref, true, ready, wanted, "");
        }
        if (observed >= generation && runsLeaderElectedEpp(spec) && ready >= 1 && updated >= wanted
                && number(status.get("replicas"), 0) == wanted) {
            return new WaitListener.ObjectState(ref, true, ready, wanted,
                    "the leader is ready; the other replicas are standbys, ready only once they hold the leader lease");
        }
        String reason = observed < generation ? "the controller has not seen the latest change yet" : "pods are starting";
        String fromConditions = null;
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> cond && "False".equals(cond.get("status"))) {
                    fromConditions = cond.get("type") + ": " + cond.get("reason") + (cond.get("message") == null ? "" : " (" + cond.get("message") + ")");
                    break;
                }
            }
        }
        String fromPods = observed < generation ? null : PodWaitReason.of(ctx.cluster(), ref.namespace() == null ? ctx.namespace() : ref.namespace(), spec);
        reason = fromPods != null ? fromPods : fromConditions != null ? fromConditions : reason;
        return new WaitListener.ObjectState(ref, false, ready, wanted, reason);
    }

    /**
     * A Deployment of EPPs started with {@code --ha-enable-leader-election}: only the replica holding the
     * Lease reports ready, by design, so the rollout is complete once every pod is of the new template and
     * one of them is ready (Helm's kstatus wait would time out here).
     */
    @SuppressWarnings("unchecked")
    private static boolean runsLeaderElectedEpp(Map<String, Object> deploymentSpec) {
        if (!(deploymentSpec.get("template") instanceof Map<?, ?> template)
                || !(((Map<String, Object>) template).get("spec") instanceof Map<?, ?> podSpec)
                || !(((Map<String, Object>) podSpec).get("containers") instanceof List<?> containers)) {
            return false;
        }
        for (Object container : containers) {
            if (container instanceof Map<?, ?> c && c.get("args") instanceof List<?> args && EppLease.enabledBy(args)) {
                return true;
            }
        }
        return false;
    }

    private static long number(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }
}
