package release;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who holds a pending revision and until when (better-than-Helm point 1). Stored as annotations on
 * the pending revision's Secret; Helm ignores them and drops them when it rewrites the record.
 * A lock is stale when its deadline has passed, or at once when its holder was a process on this
 * host that no longer runs.
 */
public record PendingLock(String holder, OffsetDateTime startedAt, OffsetDateTime deadline) {
    static final String HOLDER = "pool.inference.networking/lock-holder";
    static final String STARTED = "pool.inference.networking/lock-started";
    static final String DEADLINE = "pool.inference.networking/lock-deadline";

    public Map<String, String> annotations() {
        var out = new LinkedHashMap<String, String>();
        out.put(HOLDER, holder);
        out.put(STARTED, GoTime.rfc3339(startedAt));
        out.put(DEADLINE, GoTime.rfc3339(deadline));
        return out;
    }

    /** The lock in a Secret's annotations, or null when it has none (e.g. a revision Helm wrote). */
    public static PendingLock fromAnnotations(Map<String, String> annotations) {
        if (annotations == null || !annotations.containsKey(HOLDER) || !annotations.containsKey(DEADLINE)) {
            return null;
        }
        try {
            return new PendingLock(annotations.get(HOLDER),
                    GoTime.parse(annotations.getOrDefault(STARTED, annotations.get(DEADLINE))),
                    GoTime.parse(annotations.get(DEADLINE)));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Why the lock no longer holds, or null while its holder may still be working. */
    public String staleReason(OffsetDateTime now, HolderIdentity self) {
        if (self.isDeadLocalProcess(holder)) {
            return "its holder " + holder + " is no longer running";
        }
        if (now.isAfter(deadline)) {
            return "its holder " + holder + " did not finish by its deadline " + GoTime.rfc3339(deadline);
        }
        return null;
    }
}
