package release;

import java.util.Arrays;

/** Helm's release status values (release.md §1.6), with their exact strings. */
public enum ReleaseStatus {
    UNKNOWN("unknown"),
    DEPLOYED("deployed"),
    UNINSTALLED("uninstalled"),
    SUPERSEDED("superseded"),
    FAILED("failed"),
    UNINSTALLING("uninstalling"),
    PENDING_INSTALL("pending-install"),
    PENDING_UPGRADE("pending-upgrade"),
    PENDING_ROLLBACK("pending-rollback");

    private final String text;

    ReleaseStatus(String text) {
        this.text = text;
    }

    /** The string Helm stores in `info.status` and in the `status` label. */
    public String text() {
        return text;
    }

    /** Only the three pending states mean "an operation is in progress". */
    public boolean isPending() {
        return this == PENDING_INSTALL || this == PENDING_UPGRADE || this == PENDING_ROLLBACK;
    }

    public static ReleaseStatus parse(String text) {
        if (text == null || text.isEmpty()) {
            return UNKNOWN;
        }
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst().orElse(UNKNOWN);
    }

    @Override
    public String toString() {
        return text;
    }
}
