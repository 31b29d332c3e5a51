package epp.server;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import epp.logging.Log;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * `--metrics-endpoint-auth` (epp.md §7.4): a bearer token must pass a TokenReview (cached 1 min)
 * and the user a SubjectAccessReview for the request's verb and non-resource path (allow cached
 * 5 min, deny 30 s). 401 when unauthenticated, 403 when denied, 500 when a review call fails.
 */
public final class KubernetesMetricsAuthenticator extends Authenticator {
    private static final Duration TOKEN_TTL = Duration.ofMinutes(1);
    private static final Duration ALLOW_TTL = Duration.ofMinutes(5);
    private static final Duration DENY_TTL = Duration.ofSeconds(30);

    private record User(String name, List<String> groups) {}

    private record Cached<T>(T value, Instant expires) {}

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Cached<User>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> decisions = new ConcurrentHashMap<>();

    public KubernetesMetricsAuthenticator(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return new Failure(401);
        }
        User user;
        try {
            user = authenticate(header.substring(7).trim());
        } catch (RuntimeException e) {
            Log.error("Authentication failed", e);
            return new Failure(500);
        }
        if (user == null) {
            return new Failure(401);
        }
        String verb = exchange.getRequestMethod().toLowerCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        try {
            if (!authorized(user, verb, path)) {
                Log.v(Log.DEFAULT, "Authorization denied for user " + user.name());
                return new Failure(403);
            }
        } catch (RuntimeException e) {
            Log.error("Authorization for user " + user.name() + " failed", e);
            return new Failure(500);
        }
        return new Success(new HttpPrincipal(user.name(), "kubernetes"));
    }

    private User authenticate(String token) {
        Instant now = clock.instant();
        Cached<User> cached = tokens.get(token);
        if (cached != null && cached.expires().isAfter(now)) {
            return cached.value();
        }
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build()).create();
        User user = null;
        var status = review.getStatus();
        if (status != null && Boolean.TRUE.equals(status.getAuthenticated()) && status.getUser() != null
                && !"system:anonymous".equals(status.getUser().getUsername())) {
            user = new User(status.getUser().getUsername(),
                    status.getUser().getGroups() == null ? List.of() : List.copyOf(status.getUser().getGroups()));
        }
        tokens.put(token, new Cached<>(user, now.plus(TOKEN_TTL)));
        return user;
    }

    private boolean authorized(User user, String verb, String path) {
        Instant now = clock.instant();
        String key = user.name() + "\n" + user.groups() + "\n" + verb + "\n" + path;
        Cached<Boolean> cached = decisions.get(key);
        if (cached != null && cached.expires().isAfter(now)) {
            return cached.value();
        }
        SubjectAccessReview review = client.resource(new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(user.name()).withGroups(user.groups())
                .withNewNonResourceAttributes().withVerb(verb).withPath(path).endNonResourceAttributes()
                .endSpec().build()).create();
        boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
        decisions.put(key, new Cached<>(allowed, now.plus(allowed ? ALLOW_TTL : DENY_TTL)));
        return allowed;
    }
}
