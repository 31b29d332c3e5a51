package release;

import java.util.List;
import java.util.function.Consumer;
import kube.ObjectRef;

/**
 * What `--wait` reports while it waits: the objects it waits for, each new observed state of one,
 * and the end. The command line shows it live on a terminal (commands.progress); without a
 * listener, every change is one progress line.
 */
public interface WaitListener {
    /** What the wait waits for. */
    enum Goal { READY, DELETED }

    /**
     * One observation of an object: done (ready, or gone), replicas ready of wanted (both 0 for
     * objects without replicas), and why it is not done yet ("" when done).
     */
    record ObjectState(ObjectRef ref, boolean done, long ready, long wanted, String reason) {
        /** The state as one progress line's tail: `ready 1/1`, `0/1 ready: <reason>`, `deleted`, `deleting: <reason>`. */
        public String describe(Goal goal) {
            if (goal == Goal.DELETED) {
                return done ? "deleted" : "deleting: " + reason;
            }
            if (done) {
                return "ready " + ready + "/" + wanted + (reason.isEmpty() ? "" : " (" + reason + ")");
            }
            return ready + "/" + wanted + " ready: " + reason;
        }
    }

    void waiting(Goal goal, List<ObjectRef> objects);

    /** Called for every poll of every object (listeners tell changes themselves). */
    void observed(ObjectState state);

    void finished(boolean success);

    /**
     * The listener behind an action's progress sink: the sink itself when it listens to waits (the
     * command line's live display), else one line per changed state on the sink.
     */
    static WaitListener of(Consumer<String> progress) {
        return progress instanceof WaitListener listener ? listener : new ChangedLines(progress);
    }

    /** One progress line whenever an object's state changes. */
    final class ChangedLines implements WaitListener {
        private final Consumer<String> sink;
        private final java.util.Map<ObjectRef, String> lastSeen = new java.util.HashMap<>();
        private Goal goal = Goal.READY;

        ChangedLines(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public void waiting(Goal goal, List<ObjectRef> objects) {
            this.goal = goal;
        }

        @Override
        public void observed(ObjectState state) {
            String text = state.describe(goal);
            if (!text.equals(lastSeen.put(state.ref(), text))) {
                sink.accept(state.ref().kind() + " " + state.ref().name() + " " + text);
            }
        }

        @Override
        public void finished(boolean success) {}
    }
}
