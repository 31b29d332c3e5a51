package release;

/** The release (or revision) does not exist; `--ignore-not-found` turns this into success. */
public class NotFoundException extends ReleaseException {
    public NotFoundException(String message) {
        super(message);
    }
}
