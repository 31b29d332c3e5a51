package epp.cli;

import common.EppLease;
import common.GoDuration;
import epp.metrics.ScrapeConfig;
import epp.requestcontrol.SaturationConfig;
import epp.server.EppConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Every flag of the upstream EPP (epp.md §1.1), with the value as `--name=v` or `--name v`;
 * booleans also alone (`--tracing`) or followed by true/false (`--tracing false`, which Go would
 * silently misread, §0.1). {@link EppCommand} also accepts Go's single-dash spelling `-name`.
 */
public final class EppFlags {
    public static final String GROUP_V1 = "inference.networking.k8s.io";
    public static final String GROUP_V1ALPHA2 = "inference.networking.x-k8s.io";

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "Port of the ext_proc gRPC server (default ${DEFAULT-VALUE}).")
    public int grpcPort = 9002;

    @Option(names = "--grpc-health-port", paramLabel = "PORT", description = "Port of the plaintext gRPC health server (default ${DEFAULT-VALUE}).")
    public int grpcHealthPort = 9003;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of the HTTP /metrics endpoint (default ${DEFAULT-VALUE}).")
    public int metricsPort = 9090;

    @Option(names = "--metrics-endpoint-auth", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Require a Kubernetes bearer token (TokenReview + SubjectAccessReview) on /metrics (default ${DEFAULT-VALUE}).")
    public boolean metricsEndpointAuth = true;

    @Option(names = "--enable-pprof", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Accepted for compatibility; Go's pprof handlers have no Java equivalent (default ${DEFAULT-VALUE}).")
    public boolean enablePprof = true;

    @Option(names = "--pool-name", paramLabel = "NAME", description = "Name of the InferencePool served (required).")
    public String poolName = "";

    @Option(names = "--pool-namespace", paramLabel = "NS", description = "Namespace of the pool (default: env NAMESPACE, else default).")
    public String poolNamespace = "";

    @Option(names = "--pool-group", paramLabel = "GROUP",
            description = "API group of the pool: " + GROUP_V1 + " (v1) or " + GROUP_V1ALPHA2 + " (v1alpha2) (default ${DEFAULT-VALUE}).")
    public String poolGroup = GROUP_V1;

    @Option(names = {"-v", "--v"}, paramLabel = "LEVEL", description = "Log verbosity (default ${DEFAULT-VALUE}).")
    public int verbosity = 2;

    @Option(names = "--secure-serving", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Serve ext_proc over TLS (default ${DEFAULT-VALUE}).")
    public boolean secureServing = true;

    @Option(names = "--health-checking", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Also serve the gRPC health service on the ext_proc port (default ${DEFAULT-VALUE}).")
    public boolean healthChecking = false;

    @Option(names = "--cert-path", paramLabel = "DIR",
            description = "Directory with tls.crt and tls.key; empty: a self-signed certificate is generated at start.")
    public String certPath = "";

    @Option(names = "--total-queued-requests-metric", paramLabel = "SPEC", description = "Metric for the waiting-queue size (default ${DEFAULT-VALUE}).")
    public String totalQueuedRequestsMetric = "vllm:num_requests_waiting";

    @Option(names = "--kv-cache-usage-percentage-metric", paramLabel = "SPEC", description = "Metric for KV-cache utilisation (default ${DEFAULT-VALUE}).")
    public String kvCacheUsagePercentageMetric = "vllm:gpu_cache_usage_perc";

    @Option(names = "--lora-info-metric", paramLabel = "SPEC", description = "Metric for LoRA adapters (default ${DEFAULT-VALUE}).")
    public String loraInfoMetric = "vllm:lora_requests_info";

    @Option(names = "--cache-info-metric", paramLabel = "SPEC", description = "Metric for the cache configuration (default ${DEFAULT-VALUE}).")
    public String cacheInfoMetric = "vllm:cache_config_info";

    @Option(names = "--refresh-metrics-interval", converter = GoDuration.Converter.class, paramLabel = "DURATION", description = "Per-endpoint scrape period (default 50ms).")
    public Duration refreshMetricsInterval = Duration.ofMillis(50);

    @Option(names = "--refresh-prometheus-metrics-interval", converter = GoDuration.Converter.class, paramLabel = "DURATION", description = "Period of the pool-level gauges (default 5s).")
    public Duration refreshPrometheusMetricsInterval = Duration.ofSeconds(5);

    @Option(names = "--metrics-staleness-threshold", converter = GoDuration.Converter.class, paramLabel = "DURATION", description = "Freshness window of the pool-level gauges (default 2s).")
    public Duration metricsStalenessThreshold = Duration.ofSeconds(2);

    @Option(names = "--config-file", paramLabel = "FILE", description = "EndpointPickerConfig file.")
    public String configFile = "";

    @Option(names = "--config-text", paramLabel = "TEXT", description = "EndpointPickerConfig as inline text.")
    public String configText = "";

    @Option(names = "--model-server-metrics-port", paramLabel = "PORT", description = "Port to scrape; 0: the pool's target port (default ${DEFAULT-VALUE}).")
    public int modelServerMetricsPort = 0;

    @Option(names = "--model-server-metrics-path", paramLabel = "PATH", description = "Scrape path (default ${DEFAULT-VALUE}).")
    public String modelServerMetricsPath = "/metrics";

    @Option(names = "--model-server-metrics-scheme", paramLabel = "SCHEME", description = "http or https (default ${DEFAULT-VALUE}).")
    public String modelServerMetricsScheme = "http";

    @Option(names = "--model-server-metrics-https-insecure-skip-verify", arity = "0..1", fallbackValue = "true",
            converter = GoBool.class, paramLabel = "BOOL", description = "Skip certificate verification when scraping over https (default ${DEFAULT-VALUE}).")
    public boolean modelServerMetricsHttpsInsecureSkipVerify = true;

    @Option(names = EppLease.FLAG, arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Lease-based leader election (default ${DEFAULT-VALUE}).")
    public boolean haEnableLeaderElection = false;

    @Option(names = "--tracing", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Trace requests with OpenTelemetry (default ${DEFAULT-VALUE}).")
    public boolean tracing = true;

    @Option(names = "--zap-devel", arity = "0..1", fallbackValue = "true", converter = GoBool.class, paramLabel = "BOOL",
            description = "Development logging: console encoder unless --zap-encoder says otherwise (default ${DEFAULT-VALUE}).")
    public boolean zapDevel = true;

    @Option(names = "--zap-encoder", converter = ZapEncoder.class, paramLabel = "json|console", description = "Log encoding (default: console).")
    public String zapEncoder = "";

    @Option(names = "--zap-log-level", converter = ZapLevel.class, paramLabel = "LEVEL", description = "debug, info, error, panic or an integer > 0; overrides -v.")
    public String zapLogLevel = "";

    @Option(names = "--zap-stacktrace-level", converter = ZapStacktraceLevel.class, paramLabel = "LEVEL", description = "info, error or panic (accepted; this EPP logs an error's message, not a stack trace).")
    public String zapStacktraceLevel = "";

    @Option(names = "--zap-time-encoding", converter = ZapTimeEncoding.class, paramLabel = "FORMAT",
            description = "epoch, millis, nano, iso8601, rfc3339 or rfc3339nano (default rfc3339nano).")
    public String zapTimeEncoding = "";

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: env KUBECONFIG, in-cluster, ~/.kube/config).")
    public String kubeconfig = "";

    /** Not an upstream flag: the Go EPP stops its gRPC server at once on SIGTERM (issue 12). */
    @Option(names = "--drain-timeout", converter = GoDuration.Converter.class, paramLabel = "DURATION",
            description = "After SIGTERM, how long open ext_proc streams may run on before they are cut (default: env "
                    + DRAIN_TIMEOUT_ENV + ", else 125s, under the chart's 130 s termination grace period).")
    public Duration drainTimeout;

    public static final String DRAIN_TIMEOUT_ENV = "EPP_DRAIN_TIMEOUT";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(125);

    /** The §1.4 start-up checks, each message naming the flag, the value and the fix; empty when valid. */
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        if (poolName.isEmpty()) {
            errors.add("required \"poolName\" flag not set: pass --pool-name NAME");
        }
        if (!configFile.isEmpty() && !configText.isEmpty()) {
            errors.add("both the \"configText\" and \"configFile\" flags can not be set at the same time: pass only one of --config-file, --config-text");
        }
        if (!modelServerMetricsScheme.equals("http") && !modelServerMetricsScheme.equals("https")) {
            errors.add("unexpected \"" + modelServerMetricsScheme
                    + "\" value for \"model-server-metrics-scheme\" flag, it can only be set to 'http' or 'https'");
        }
        if (!poolGroup.equals(GROUP_V1) && !poolGroup.equals(GROUP_V1ALPHA2)) {
            errors.add("unknown group \"" + poolGroup + "\" for --pool-group: use " + GROUP_V1 + " or " + GROUP_V1ALPHA2);
        }
        for (var port : Map.of("--grpc-port", grpcPort, "--grpc-health-port", grpcHealthPort, "--metrics-port", metricsPort).entrySet()) {
            if (port.getValue() < 0 || port.getValue() > 65535) {
                errors.add("invalid port " + port.getValue() + " for " + port.getKey() + ": use 0-65535");
            }
        }
        if (drainTimeout != null && drainTimeout.isNegative()) {
            errors.add("invalid --drain-timeout " + GoDuration.format(drainTimeout) + ": use a duration of 0s or more, e.g. 125s");
        }
        return errors;
    }

    /**
     * The runtime configuration of these (validated) flags and the environment (NAMESPACE, SD_*,
     * EPP_DRAIN_TIMEOUT).
     *
     * @throws IllegalArgumentException naming the flag or variable, the value and what is wrong
     */
    public EppConfig config(Map<String, String> env) {
        var scrape = ScrapeConfig.fromFlags(totalQueuedRequestsMetric, kvCacheUsagePercentageMetric, loraInfoMetric,
                cacheInfoMetric, refreshMetricsInterval, modelServerMetricsPort, modelServerMetricsPath,
                modelServerMetricsScheme, modelServerMetricsHttpsInsecureSkipVerify);
        return new EppConfig(
                new EppConfig.Pool(poolName, resolvedNamespace(env), poolGroup),
                new EppConfig.Serving(grpcPort, grpcHealthPort, metricsPort, new EppConfig.Tls(secureServing, certPath),
                        healthChecking, metricsEndpointAuth),
                scrape,
                new EppConfig.PoolGauges(refreshPrometheusMetricsInterval, metricsStalenessThreshold),
                new EppConfig.Plugins(configText, configFile),
                SaturationConfig.fromEnv(env),
                haEnableLeaderElection,
                tracing,
                kubeconfig,
                resolvedDrainTimeout(env));
    }

    /** `--drain-timeout` if given, else env EPP_DRAIN_TIMEOUT (a Go duration), else 125 s. */
    public Duration resolvedDrainTimeout(Map<String, String> env) {
        if (drainTimeout != null) {
            return drainTimeout;
        }
        String fromEnv = env.getOrDefault(DRAIN_TIMEOUT_ENV, "").trim();
        if (fromEnv.isEmpty()) {
            return DEFAULT_DRAIN_TIMEOUT;
        }
        try {
            return GoDuration.parse(fromEnv);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + DRAIN_TIMEOUT_ENV + " \"" + fromEnv
                    + "\": use a Go duration such as 125s or 2m", e);
        }
    }

    /** Flag if non-empty, else env NAMESPACE if non-empty, else `default`. */
    public String resolvedNamespace(Map<String, String> env) {
        if (!poolNamespace.isEmpty()) {
            return poolNamespace;
        }
        String fromEnv = env.getOrDefault("NAMESPACE", "");
        return fromEnv.isEmpty() ? "default" : fromEnv;
    }

    /** Log verbosity: an explicit integer `--zap-log-level` wins over `-v`; names map to zap levels. */
    public int effectiveVerbosity() {
        return switch (zapLogLevel) {
            case "" -> verbosity;
            case "debug" -> 1;
            case "info" -> 0;
            case "error", "panic" -> -2;
            default -> Integer.parseInt(zapLogLevel);
        };
    }

    /** JSON unless development mode without an explicit encoder. */
    public boolean jsonLogs() {
        return zapEncoder.isEmpty() ? !zapDevel : zapEncoder.equals("json");
    }

    private abstract static class OneOf implements ITypeConverter<String> {
        private final Set<String> allowed;

        OneOf(String... allowed) {
            this.allowed = Set.of(allowed);
        }

        @Override
        public String convert(String value) {
            if (!allowed.contains(value)) {
                throw new TypeConversionException("invalid value \"" + value + "\": use one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
            return value;
        }
    }

    static final class ZapEncoder extends OneOf {
        ZapEncoder() {
            super("json", "console");
        }
    }

    static final class ZapStacktraceLevel extends OneOf {
        ZapStacktraceLevel() {
            super("info", "error", "panic");
        }
    }

    static final class ZapTimeEncoding extends OneOf {
        ZapTimeEncoding() {
            super("epoch", "millis", "nano", "iso8601", "rfc3339", "rfc3339nano");
        }
    }

    static final class ZapLevel implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (Set.of("debug", "info", "error", "panic").contains(value)) {
                return value;
            }
            try {
                if (Integer.parseInt(value) > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("invalid log level \"" + value + "\": use debug, info, error, panic or an integer > 0");
        }
    }
}
