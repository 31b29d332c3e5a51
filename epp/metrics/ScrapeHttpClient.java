package epp.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;

/**
 * The one HTTP client all scrape loops share: HTTP/1.1 keep-alive connections (one per endpoint,
 * reused every tick), and for https with `--model-server-metrics-https-insecure-skip-verify` TLS
 * that accepts any certificate and host name, as Go's InsecureSkipVerify; without the flag, the
 * JDK's trusted certificates and a host-name check.
 */
final class ScrapeHttpClient {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ScrapeHttpClient() {}

    static HttpClient create(Vertx vertx, ScrapeConfig config, Duration connectTimeout) {
        boolean https = "https".equals(config.scheme());
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setPipelining(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .setSsl(https)
                .setTrustAll(https && config.insecureSkipVerify())
                .setVerifyHost(!(https && config.insecureSkipVerify()));
        // A loop never has two scrapes in flight, so one connection per endpoint is enough.
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1));
    }
}
