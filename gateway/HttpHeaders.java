package gateway;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** What a proxy does not pass on between the client and the model server. */
final class HttpHeaders {
    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1), the framing and host the gateway sets itself, and
     * `expect` (the gateway answers 100-continue to its client; the model server gets the body at once).
     */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "host", "content-length", "expect");

    static final String POOL_ENDPOINT = "x-pool-endpoint";

    private HttpHeaders() {}

    static boolean forwarded(String name) {
        return !name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The end-to-end headers of {@code from}. */
    static MultiMap endToEnd(MultiMap from) {
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        for (var header : from) {
            if (forwarded(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
        return to;
    }

    /** Whether an HTTP/1.1 message with these headers has a body. */
    static boolean hasBody(MultiMap headers) {
        String length = headers.get("content-length");
        if (headers.contains("transfer-encoding")) {
            return true;
        }
        return length != null && !length.trim().equals("0");
    }
}
