package gateway;

import java.util.Locale;

/**
 * How the gateway connects to the EPP: the EPP serves TLS with a self-signed certificate by
 * default and the GAIE gateways (Envoy) do not verify it; `--secure-serving=false` serves plaintext.
 */
public enum EppTls {
    PLAINTEXT("plaintext"),
    /** TLS without certificate or host-name verification. */
    INSECURE("insecure");

    private final String flag;

    EppTls(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static EppTls parse(String text) {
        for (EppTls tls : values()) {
            if (tls.flag.equals(text.toLowerCase(Locale.ROOT))) {
                return tls;
            }
        }
        throw new IllegalArgumentException("EPP TLS mode '" + text + "' is not plaintext or insecure");
    }
}
