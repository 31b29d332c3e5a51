package release;

import java.util.ArrayList;
import java.util.List;

/**
 * `--history-max` (release.md §1.9): delete the oldest revisions so `max` remain. Helm prunes just
 * before creating the new revision; pool prunes just after, so an operation that loses the race
 * for the new revision has deleted nothing.
 */
final class HistoryPruner {
    public static final int DEFAULT_MAX = 10;

    private HistoryPruner() {}

    /** The revisions to delete (history includes the new one), oldest first; never the one labelled deployed nor the newest. */
    static List<StoredRelease> toPrune(List<StoredRelease> history, int max) {
        var doomed = new ArrayList<StoredRelease>();
        if (max <= 0) {
            return doomed;
        }
        int excess = history.size() - max;
        for (var revision : history.subList(0, Math.max(0, history.size() - 1))) {
            if (excess <= 0) {
                break;
            }
            if (!"deployed".equals(revision.storedLabels().get("status"))) {
                doomed.add(revision);
                excess--;
            }
        }
        return doomed;
    }

    static void prune(ReleaseStore store, List<StoredRelease> history, int max) {
        toPrune(history, max).forEach(store::delete);
    }
}
