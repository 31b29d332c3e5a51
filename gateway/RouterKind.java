package gateway;

import java.util.Locale;

/** How the gateway picks the endpoint of each request. */
public enum RouterKind {
    /** Ask the Endpoint Picker over ext_proc, as Envoy does for an InferencePool. */
    EPP("epp"),
    /** Each ready endpoint in turn, as a Kubernetes Service spreads connections. */
    ROUND_ROBIN("round-robin"),
    /** A uniformly random ready endpoint from a seeded source. */
    RANDOM("random");

    private final String flag;

    RouterKind(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static RouterKind parse(String text) {
        for (RouterKind kind : values()) {
            if (kind.flag.equals(text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("router '" + text + "' is not one of epp, round-robin, random");
    }
}
