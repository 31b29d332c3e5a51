package gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Gateway} runs with. Build it with {@link #builder()}: listen address and port,
 * the router, the pool's endpoints, and for the `epp` router the EPP's address, TLS mode and the
 * pool's failure mode.
 */
public final class GatewayConfig {
    private final String host;
    private final int port;
    private final RouterKind router;
    private final PoolEndpoints endpoints;
    private final HostPort epp;
    private final EppTls eppTls;
    private final FailureMode failureMode;
    private final Duration eppTimeout;
    private final Duration connectTimeout;
    private final long randomSeed;
    private final int eventLoops;

    private GatewayConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.router = b.router;
        this.endpoints = b.endpoints;
        this.epp = b.epp;
        this.eppTls = b.eppTls;
        this.failureMode = b.failureMode;
        this.eppTimeout = b.eppTimeout;
        this.connectTimeout = b.connectTimeout;
        this.randomSeed = b.randomSeed;
        this.eventLoops = b.eventLoops;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public RouterKind router() {
        return router;
    }

    public PoolEndpoints endpoints() {
        return endpoints;
    }

    /** The EPP's ext_proc address; null unless the router is {@link RouterKind#EPP}. */
    public HostPort epp() {
        return epp;
    }

    public EppTls eppTls() {
        return eppTls;
    }

    public FailureMode failureMode() {
        return failureMode;
    }

    /** How long the gateway waits for the EPP's routing decision after sending the whole request (Envoy's message timeout). */
    public Duration eppTimeout() {
        return eppTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public long randomSeed() {
        return randomSeed;
    }

    public int eventLoops() {
        return eventLoops;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private RouterKind router = RouterKind.EPP;
        private PoolEndpoints endpoints = PoolEndpoints.of(List.of());
        private HostPort epp;
        private EppTls eppTls = EppTls.INSECURE;
        private FailureMode failureMode = FailureMode.FAIL_CLOSE;
        private Duration eppTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private long randomSeed = 1;
        private int eventLoops = 2;

        private Builder() {}

        /** Listen address (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Listen port (default 8080; 0 picks a free one, see {@link Gateway#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder router(RouterKind router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        public Builder endpoints(PoolEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /** The EPP's ext_proc address, e.g. {@code 127.0.0.1:9002}. */
        public Builder epp(String address) {
            this.epp = HostPort.parse(address);
            return this;
        }

        public Builder eppTls(EppTls eppTls) {
            this.eppTls = Objects.requireNonNull(eppTls, "eppTls");
            return this;
        }

        public Builder failureMode(FailureMode failureMode) {
            this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
            return this;
        }

        public Builder eppTimeout(Duration eppTimeout) {
            this.eppTimeout = Objects.requireNonNull(eppTimeout, "eppTimeout");
            return this;
        }

        /** Connect timeout to a model server; a failed connect moves on to the next listed endpoint. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Seed of the `random` router. */
        public Builder randomSeed(long randomSeed) {
            this.randomSeed = randomSeed;
            return this;
        }

        /** Vert.x event loops (default 2: this project's machines have 2 cores). */
        public Builder eventLoops(int eventLoops) {
            this.eventLoops = eventLoops;
            return this;
        }

        /** The configuration, or every problem at once in an {@link IllegalArgumentException}. */
        public GatewayConfig build() {
            List<String> problems = new ArrayList<>();
            if (port < 0 || port > 65535) {
                problems.add("port " + port + " is outside 0-65535");
            }
            if (router == RouterKind.EPP && epp == null) {
                problems.add("the epp router needs the EPP's address (e.g. --epp 127.0.0.1:9002)");
            }
            if (eventLoops < 1) {
                problems.add("event loops " + eventLoops + " must be at least 1");
            }
            if (eppTimeout.isNegative() || eppTimeout.isZero()) {
                problems.add("EPP timeout " + eppTimeout + " must be positive");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                problems.add("connect timeout " + connectTimeout + " must be positive");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new GatewayConfig(this);
        }
    }
}
