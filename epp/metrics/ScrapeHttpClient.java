package epp.metrics;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one HTTP client all scrape loops share: HTTP/1.1 keep-alive connections (one per endpoint,
 * reused every tick), and for https with `--model-server-metrics-https-insecure-skip-verify` a TLS
 * context that accepts any certificate and host name, as Go's InsecureSkipVerify.
 */
final class ScrapeHttpClient {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ScrapeHttpClient() {}

    static HttpClient create(ScrapeConfig config, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/2 would make the JDK send an h2c upgrade on every new plain-text connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Its tasks never block: running them on the selector thread saves a thread hop per
                // read. The scrape loops wait in send() on their own worker threads.
                .executor(Runnable::run);
        if ("https".equals(config.scheme()) && config.insecureSkipVerify()) {
            builder.sslContext(trustEverything());
        }
        return builder.build();
    }

    private static SSLContext trustEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for scraping: " + e.getMessage(), e);
        }
    }

    /**
     * Extended so the JDK does not wrap it with its own host-name check: with an extended trust
     * manager, endpoint identification is the trust manager's job, and this one skips it.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
