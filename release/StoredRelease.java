package release;

import java.util.Map;

/** A revision as read from storage: the release, the Secret's labels, its resourceVersion, its lock. */
public record StoredRelease(Release release, Map<String, String> storedLabels, String resourceVersion, PendingLock lock) {
    public int version() {
        return release.version();
    }

    public ReleaseStatus status() {
        return release.status();
    }
}
