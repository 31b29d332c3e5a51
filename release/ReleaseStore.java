package release;

import java.util.List;

/**
 * Where release revisions live (Helm's storage driver). Creates fail when the revision exists and
 * updates are conditional on the resourceVersion read, both with {@link RecordConflictException}:
 * two writers never silently overwrite each other.
 */
public interface ReleaseStore {
    /** The namespace records are stored in (the release namespace). */
    String namespace();

    /** Every revision of a release, oldest first; empty when it has none. */
    List<StoredRelease> history(String name);

    /** Every revision of every release matching the label selector (null: all), in this or all namespaces. */
    List<StoredRelease> list(String labelSelector, boolean allNamespaces);

    StoredRelease create(Release release, PendingLock lock);

    StoredRelease update(StoredRelease current, Release next, PendingLock lock);

    void delete(StoredRelease revision);
}
