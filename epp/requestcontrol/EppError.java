package epp.requestcontrol;

/**
 * A failed request, as upstream's errutil error (epp.md §2.7): the text is
 * `inference gateway: <Code> - <msg>` and the code decides the reply. {@link Code#UNKNOWN} is a plain
 * error: no HTTP answer, the ext_proc stream fails with gRPC UNKNOWN.
 */
public final class EppError extends Exception {
    public enum Code {
        BAD_REQUEST("BadRequest", 400),
        BAD_CONFIGURATION("BadConfiguration", 404),
        INFERENCE_POOL_RESOURCE_EXHAUSTED("InferencePoolResourceExhausted", 429),
        INTERNAL("Internal", 500),
        SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
        MODEL_SERVER_ERROR("ModelServerError", 0),
        UNKNOWN("Unknown", 0);

        private final String label;
        private final int httpStatus;

        Code(String label, int httpStatus) {
            this.label = label;
            this.httpStatus = httpStatus;
        }

        /** The code as upstream's metrics and texts spell it. */
        public String label() {
            return label;
        }

        /** The ImmediateResponse status, or 0 when the error is not answered over HTTP. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Code code;

    private EppError(Code code, String text) {
        super(text, null, false, false);
        this.code = code;
    }

    public static EppError of(Code code, String message) {
        return new EppError(code, "inference gateway: " + code.label() + " - " + message);
    }

    /** A plain error (gRPC UNKNOWN, no HTTP answer). */
    public static EppError plain(String message) {
        return new EppError(Code.UNKNOWN, message);
    }

    public Code code() {
        return code;
    }
}
