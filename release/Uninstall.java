package release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kube.ObjectRef;

/** `uninstall`: deletes the release's objects in uninstall order, then its records (or keeps them as `uninstalled`). */
public final class Uninstall {
    public record Options(String name, boolean keepHistory, String cascade, String description, Duration waitTimeout) {
        public Options {
            cascade = cascade == null ? "background" : cascade;
        }

        public static Options of(String name) {
            return new Options(name, false, "background", null, null);
        }
    }

    /** The last state of the release and the objects kept because of `helm.sh/resource-policy: keep`. */
    public record Result(Release release, List<ObjectRef> kept) {}

    private final ReleaseContext ctx;

    public Uninstall(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    public Result run(Options o) {
        if (ReleaseNames.problem(o.name()) != null) {
            throw new ReleaseException("uninstall: Release name is invalid: " + o.name());
        }
        List<StoredRelease> history = ctx.store().history(o.name());
        if (history.isEmpty()) {
            throw new NotFoundException("uninstall: Release not loaded: " + o.name() + ": release: not found (namespace "
                    + ctx.namespace() + ")");
        }
        StoredRelease last = history.get(history.size() - 1);
        if (last.status() == ReleaseStatus.UNINSTALLED) {
            if (o.keepHistory()) {
                throw new ReleaseException("the release named \"" + o.name() + "\" is already deleted");
            }
            history.forEach(ctx.store()::delete);
            return new Result(last.release(), List.of());
        }
        var objects = ctx.chart().parseManifest(last.release().manifest());
        Release uninstalling = last.release().withInfo(last.release().info().withDeleted(ctx.now()))
                .withStatus(ReleaseStatus.UNINSTALLING, "Deletion in progress (or silently failed)");
        Duration lockTime = o.waitTimeout() == null ? Duration.ZERO : o.waitTimeout();
        try (var held = PendingRevision.update(ctx, last, uninstalling, lockTime)) {
            var errors = new ArrayList<String>();
            List<ObjectRef> kept = new ObjectSync(ctx, o.name()).deleteAll(objects, o.cascade(), errors);
            if (errors.isEmpty() && o.waitTimeout() != null) {
                awaitDeletion(objects, kept, o.waitTimeout(), errors);
            }
            if (!errors.isEmpty()) {
                held.finish(uninstalling);
                throw new ReleaseException("failed to delete release: " + o.name() + ": " + String.join("; ", errors)
                        + " (the release stays uninstalling; run `pool uninstall " + o.name() + "` again)");
            }
            String description = o.description() == null || o.description().isEmpty() ? "Uninstallation complete" : o.description();
            Release done = uninstalling.withStatus(ReleaseStatus.UNINSTALLED, description);
            if (o.keepHistory()) {
                held.finish(done);
                for (var older : history.subList(0, history.size() - 1)) {
                    if (older.status() == ReleaseStatus.DEPLOYED) {
                        ctx.store().update(older, older.release().withStatus(ReleaseStatus.SUPERSEDED, older.release().info().description()), null);
                    }
                }
            } else {
                var newest = held.done();
                history.subList(0, history.size() - 1).forEach(ctx.store()::delete);
                ctx.store().delete(newest);
            }
            return new Result(done, kept);
        }
    }

    private void awaitDeletion(List<java.util.Map<String, Object>> objects, List<ObjectRef> kept, Duration timeout, List<String> errors) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var remaining = new ArrayList<ObjectRef>();
        objects.stream().map(ObjectRef::of).filter(r -> !kept.contains(r)).forEach(remaining::add);
        WaitListener listener = WaitListener.of(ctx.progress());
        listener.waiting(WaitListener.Goal.DELETED, List.copyOf(remaining));
        try {
            while (!remaining.isEmpty()) {
                remaining.removeIf(ref -> {
                    var live = ctx.cluster().get(ref);
                    listener.observed(new WaitListener.ObjectState(ref, live.isEmpty(), 0, 0, live.map(Uninstall::whyStillThere).orElse("")));
                    return live.isEmpty();
                });
                if (remaining.isEmpty()) {
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    errors.add("timed out waiting for deletion of " + remaining);
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add("interrupted while waiting for deletion");
                    return;
                }
            }
        } finally {
            listener.finished(remaining.isEmpty());
        }
    }

    private static String whyStillThere(java.util.Map<String, Object> object) {
        if (object.get("metadata") instanceof java.util.Map<?, ?> meta && meta.get("finalizers") instanceof List<?> finalizers
                && !finalizers.isEmpty()) {
            return "finalizers " + finalizers;
        }
        return "the API server has not removed it yet";
    }
}
