package epp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import epp.datastore.Datastore;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.server.Backends;
import epp.server.EppConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag parsing of epp.md §1.1 with the §0.1 fixes; exit codes 0 (help), 1 (invalid), 2 (bad usage). */
class EppFlagsTest {
    /** Fails the test if the command ever gets as far as starting the EPP. */
    private static final Backends NOT_STARTED = new Backends() {
        @Override
        public Datastore createDatastore(EppConfig config) {
            throw new AssertionError("the EPP must not start");
        }

        @Override
        public void startDatastore(Datastore datastore) {
            throw new AssertionError("the EPP must not start");
        }

        @Override
        public boolean poolSynced(Datastore datastore) {
            return false;
        }

        @Override
        public Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) {
            throw new AssertionError("the EPP must not start");
        }

        @Override
        public java.util.function.BooleanSupplier startLeaderElection(EppConfig config) {
            throw new AssertionError("the EPP must not start");
        }

        @Override
        public com.sun.net.httpserver.Authenticator metricsAuthenticator() {
            throw new AssertionError("the EPP must not start");
        }
    };

    private static EppFlags parse(String... args) {
        CommandLine line = EppCommand.commandLine(NOT_STARTED, Map.of());
        line.parseArgs(EppCommand.goStyle(line, args));
        return ((EppCommand) line.getCommand()).flags();
    }

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        var err = new StringWriter();
        CommandLine line = EppCommand.commandLine(NOT_STARTED, Map.of()).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(EppCommand.goStyle(line, args));
        return new Run(code, err.toString());
    }

    @Test
    void theChartsArgumentsAreAccepted() {
        EppFlags flags = parse("--pool-name", "vllm-llama3-8b-instruct", "--pool-namespace", "default", "--pool-group",
                "inference.networking.k8s.io", "--zap-encoder", "json", "--config-file", "/config/default-plugins.yaml",
                "--tracing=false", "--metrics-endpoint-auth=false");
        assertEquals("vllm-llama3-8b-instruct", flags.poolName);
        assertEquals("default", flags.poolNamespace);
        assertEquals("/config/default-plugins.yaml", flags.configFile);
        assertTrue(flags.jsonLogs());
        assertFalse(flags.tracing);
        assertFalse(flags.metricsEndpointAuth);
        assertTrue(flags.validate().isEmpty(), flags.validate().toString());
    }

    @Test
    void aBooleanFollowedByAWordTakesItInsteadOfStoppingFlagParsing() {
        EppFlags flags = parse("--pool-name", "p", "--tracing", "false", "--metrics-endpoint-auth=false", "--v", "4");
        assertFalse(flags.tracing);
        assertFalse(flags.metricsEndpointAuth);
        assertEquals(4, flags.verbosity);
    }

    @Test
    void booleansAcceptEveryGoSpelling() {
        assertTrue(parse("--secure-serving").secureServing);
        assertFalse(parse("--secure-serving=false").secureServing);
        assertFalse(parse("-secure-serving=0").secureServing);
        assertFalse(parse("--secure-serving=F").secureServing);
        assertTrue(parse("--health-checking", "true").healthChecking);
        assertTrue(parse("--health-checking", "--pool-name", "p").healthChecking);
    }

    @Test
    void singleDashAndEqualsFormsWork() {
        EppFlags flags = parse("-pool-name=p", "-grpc-port", "9102", "--grpc-health-port=9103", "-v=5");
        assertEquals("p", flags.poolName);
        assertEquals(9102, flags.grpcPort);
        assertEquals(9103, flags.grpcHealthPort);
        assertEquals(5, flags.verbosity);
    }

    @Test
    void durationsUseGoSyntax() {
        EppFlags flags = parse("--refresh-metrics-interval", "1m30s", "--metrics-staleness-threshold=250ms",
                "--refresh-prometheus-metrics-interval", "1.5h");
        assertEquals(Duration.ofSeconds(90), flags.refreshMetricsInterval);
        assertEquals(Duration.ofMillis(250), flags.metricsStalenessThreshold);
        assertEquals(Duration.ofMinutes(90), flags.refreshPrometheusMetricsInterval);
        assertEquals(Duration.ZERO, parse("--refresh-metrics-interval", "0").refreshMetricsInterval);
        Run bare = run("--pool-name", "p", "--refresh-metrics-interval", "5");
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("time: missing unit in duration \"5\""), bare.err());
        assertEquals(2, run("--pool-name", "p", "--refresh-metrics-interval", "5 s").code());
    }

    @Test
    void defaultsAreUpstreams() {
        EppFlags flags = parse();
        assertEquals(9002, flags.grpcPort);
        assertEquals(9003, flags.grpcHealthPort);
        assertEquals(9090, flags.metricsPort);
        assertTrue(flags.secureServing);
        assertTrue(flags.metricsEndpointAuth);
        assertTrue(flags.tracing);
        assertFalse(flags.jsonLogs());
        assertEquals("inference.networking.k8s.io", flags.poolGroup);
        assertEquals(Duration.ofMillis(50), flags.refreshMetricsInterval);
        assertEquals("vllm:gpu_cache_usage_perc", flags.kvCacheUsagePercentageMetric);
    }

    @Test
    void everyUpstreamFlagIsAccepted() {
        EppFlags flags = parse("--grpc-port=1", "--grpc-health-port=2", "--metrics-port=3", "--metrics-endpoint-auth",
                "--enable-pprof=false", "--pool-name=p", "--pool-namespace=n", "--pool-group=inference.networking.x-k8s.io", "--v=3",
                "--secure-serving", "--health-checking", "--cert-path=/c", "--total-queued-requests-metric=q",
                "--kv-cache-usage-percentage-metric=k", "--lora-info-metric=", "--cache-info-metric=c", "--refresh-metrics-interval=1s",
                "--refresh-prometheus-metrics-interval=2s", "--metrics-staleness-threshold=3s", "--config-text=x",
                "--model-server-metrics-port=8080", "--model-server-metrics-path=/m", "--model-server-metrics-scheme=https",
                "--model-server-metrics-https-insecure-skip-verify=false", "--ha-enable-leader-election", "--tracing",
                "--zap-devel=false", "--zap-encoder=console", "--zap-log-level=debug", "--zap-stacktrace-level=error",
                "--zap-time-encoding=iso8601", "--kubeconfig=/k");
        assertEquals("", flags.loraInfoMetric);
        assertEquals("/k", flags.kubeconfig);
        assertEquals(1, flags.effectiveVerbosity(), "an explicit --zap-log-level wins over -v");
        assertTrue(flags.validate().isEmpty(), flags.validate().toString());
    }

    @Test
    void unknownFlagIsBadUsageWithExit2() {
        Run run = run("--pool-name", "p", "--no-such-flag");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--no-such-flag"), run.err());
        assertTrue(run.err().contains("Usage: epp"), run.err());
    }

    @Test
    void badValuesAreBadUsageWithExit2() {
        assertEquals(2, run("--grpc-port", "abc").code());
        assertEquals(2, run("--tracing=maybe").code());
        assertEquals(2, run("--zap-encoder=xml").code());
        assertEquals(2, run("--refresh-metrics-interval=5").code());
        assertEquals(2, run("stray-word").code());
    }

    @Test
    void aRepeatedFlagKeepsTheLastValueLikeGo() {
        assertEquals("b", parse("--pool-name=a", "--pool-name=b").poolName);
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run("-h").code());
        assertEquals(0, run("-help").code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void singleDashIsOnlyRewrittenForKnownFlags() {
        CommandLine line = EppCommand.commandLine(NOT_STARTED, Map.of());
        assertEquals(java.util.List.of("--pool-name", "-x", "--tracing=false", "-v", "-1", "--config-text", "-not-a-flag"),
                java.util.List.of(EppCommand.goStyle(line, "-pool-name", "-x", "-tracing=false", "-v", "-1", "--config-text", "-not-a-flag")));
    }

    @Test
    void missingPoolNameIsInvalidWithExit1() {
        Run run = run("--tracing=false");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("required \"poolName\" flag not set"), run.err());
    }

    @Test
    void startupValidationNamesEachProblem() {
        EppFlags flags = parse("--pool-name=p", "--config-file=a", "--config-text=b", "--model-server-metrics-scheme=ftp",
                "--pool-group=example.com");
        var errors = flags.validate();
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("both the \"configText\" and \"configFile\" flags can not be set at the same time"));
        assertTrue(errors.get(1).startsWith("unexpected \"ftp\" value for \"model-server-metrics-scheme\" flag"));
        assertTrue(errors.get(2).contains("unknown group \"example.com\""));
    }

    @Test
    void namespaceComesFromTheFlagThenNamespaceEnvThenDefault() {
        assertEquals("a", parse("--pool-namespace=a").resolvedNamespace(Map.of("NAMESPACE", "b")));
        assertEquals("b", parse().resolvedNamespace(Map.of("NAMESPACE", "b")));
        assertEquals("default", parse().resolvedNamespace(Map.of("NAMESPACE", "")));
    }
}
