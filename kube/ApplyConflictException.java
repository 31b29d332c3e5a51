package kube;

/** Server-side apply refused: fields are owned by another manager. Names them and the fix. */
public class ApplyConflictException extends ClusterException {
    public ApplyConflictException(ObjectRef ref, String serverMessage, Throwable cause) {
        super("conflict occurred while applying " + ref.describe() + ": " + serverMessage
                + ". Another field manager owns these fields; re-run with --force-conflicts to take them over"
                + " (or change them back with the tool that set them)", cause);
    }
}
