package gateway;

import java.util.Locale;

/** The InferencePool's `endpointPickerRef.failureMode`: what happens when the EPP cannot be reached. */
public enum FailureMode {
    /** Answer 503 (the default, as for the pool). */
    FAIL_CLOSE("FailClose"),
    /** Forward the unmodified request to any ready endpoint. */
    FAIL_OPEN("FailOpen");

    private final String poolName;

    FailureMode(String poolName) {
        this.poolName = poolName;
    }

    /** The spelling of the InferencePool field. */
    public String poolName() {
        return poolName;
    }

    /** Parses `FailClose`/`FailOpen` (case-insensitive, also `fail-close`). */
    public static FailureMode parse(String text) {
        String key = text.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (FailureMode mode : values()) {
            if (mode.poolName.toLowerCase(Locale.ROOT).equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("failure mode '" + text + "' is not FailClose or FailOpen");
    }
}
