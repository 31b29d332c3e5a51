package release;

/**
 * Another writer got to a release record first: the revision already exists (create) or changed
 * since it was read (update with a stale resourceVersion).
 */
public class RecordConflictException extends ReleaseException {
    public RecordConflictException(String message) {
        super(message);
    }
}
