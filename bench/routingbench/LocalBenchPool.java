package bench.routingbench;

import com.sun.net.httpserver.Authenticator;
import epp.cli.EppCommand;
import epp.cli.EppFlags;
import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.EndpointId;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import epp.metrics.MetricsScraper;
import epp.metrics.ScrapeConfig;
import epp.scheduling.Scheduler;
import epp.scheduling.SchedulingObserver;
import epp.scheduling.config.SchedulerLoader;
import epp.server.Backends;
import epp.server.EppRunner;
import gateway.EppTls;
import gateway.Gateway;
import gateway.GatewayConfig;
import gateway.PoolEndpoints;
import gateway.RouterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import sim.server.PodSpec;
import sim.server.RunningPod;
import sim.server.SimulatorHost;

/**
 * The benchmark's pool in this process: the simulated pods on 127.0.0.10 + i, the EPP (for EPP
 * routers; its real flags, servers, scraper and scheduler, with the pool's endpoints given instead
 * of watched from a Kubernetes API), and the gateway in front. Stand-in until `pool sandbox`'s
 * programmatic API can start the same.
 */
public final class LocalBenchPool implements BenchPool {
    private final SimulatorHost sims;
    private final List<RunningPod> pods;
    private EppRunner epp;
    private Gateway gateway;

    private LocalBenchPool(SimulatorHost sims, List<RunningPod> pods) {
        this.sims = sims;
        this.pods = pods;
    }

    public static BenchPool start(PoolSetup setup) throws Exception {
        SimulatorHost sims = SimulatorHost.create();
        List<PodSpec> specs = new ArrayList<>();
        for (int i = 0; i < setup.pods(); i++) {
            var options = setup.sim().copy();
            options.seed = setup.seed() + i;
            specs.add(new PodSpec("vllm-" + i, "127.0.0." + (10 + i), 0, options));
        }
        LocalBenchPool pool = new LocalBenchPool(sims, sims.start(specs));
        try {
            pool.startGateway(setup.router());
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    private void startGateway(Router router) throws Exception {
        List<gateway.Endpoint> endpoints = pods.stream().map(p -> new gateway.Endpoint(p.name(), p.endpoint())).toList();
        GatewayConfig.Builder config = GatewayConfig.builder().port(0).router(router.kind())
                .endpoints(PoolEndpoints.of(endpoints)).randomSeed(7);
        if (router.kind() == RouterKind.EPP) {
            epp = new EppRunner(new FixedPoolBackends(pods));
            List<String> args = new ArrayList<>(List.of("--pool-name=bench", "--pool-namespace=default", "--grpc-port=0",
                    "--grpc-health-port=0", "--metrics-port=0", "--metrics-endpoint-auth=false", "--tracing=false",
                    "--secure-serving=false"));
            if (router.eppConfig() != null) {
                args.add("--config-text=" + router.eppConfig());
            }
            CommandLine line = EppCommand.commandLine(null, Map.of());
            line.parseArgs(args.toArray(String[]::new));
            EppFlags flags = ((EppCommand) line.getCommand()).flags();
            int grpcPort = epp.start(flags, Map.of()).grpcPort();
            config.epp("127.0.0.1:" + grpcPort).eppTls(EppTls.PLAINTEXT);
        }
        gateway = Gateway.start(config.build());
    }

    @Override
    public String gatewayUrl() {
        return gateway.url();
    }

    @Override
    public List<String> podUrls() {
        return pods.stream().map(RunningPod::baseUrl).toList();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (epp != null) {
            epp.close();
        }
        sims.close();
    }

    /** The EPP's datastore holds the simulated pods, all ready, scraped by the EPP's own scraper. */
    private static final class FixedPoolBackends implements Backends {
        private final List<RunningPod> pods;
        private MetricsScraper scraper;

        FixedPoolBackends(List<RunningPod> pods) {
            this.pods = pods;
        }

        @Override
        public Datastore createDatastore(EppFlags flags, String namespace) {
            scraper = new MetricsScraper(ScrapeConfig.fromFlags(flags.totalQueuedRequestsMetric, flags.kvCacheUsagePercentageMetric,
                    flags.loraInfoMetric, flags.cacheInfoMetric, flags.refreshMetricsInterval, flags.modelServerMetricsPort,
                    flags.modelServerMetricsPath, flags.modelServerMetricsScheme, flags.modelServerMetricsHttpsInsecureSkipVerify));
            Map<String, String> labels = Map.of("app", "vllm");
            List<Endpoint> endpoints = pods.stream()
                    .map(p -> new Endpoint(new EndpointId(namespace, p.name(), 0), p.address(), p.port(), labels)).toList();
            PoolInfo pool = new PoolInfo(flags.poolName, namespace, EppFlags.GROUP_V1, labels, List.of(pods.get(0).port()));
            return new Datastore() {
                @Override
                public Optional<PoolInfo> pool() {
                    return Optional.of(pool);
                }

                @Override
                public List<Endpoint> endpoints() {
                    return endpoints;
                }

                @Override
                public Optional<Objective> objective(String name) {
                    return Optional.empty();
                }

                @Override
                public void addListener(EndpointListener listener) {
                    endpoints.forEach(listener::endpointAdded);
                }
            };
        }

        @Override
        public void startDatastore(Datastore datastore) {
            datastore.endpoints().forEach(scraper::endpointAdded);
        }

        @Override
        public boolean poolSynced(Datastore datastore) {
            return true;
        }

        @Override
        public Scheduler scheduler(String configText, Datastore datastore, SchedulingObserver observer) throws Exception {
            return configText == null ? SchedulerLoader.defaultScheduler(datastore, observer)
                    : SchedulerLoader.fromText(configText, datastore, observer);
        }

        @Override
        public BooleanSupplier startLeaderElection(EppFlags flags, String namespace) {
            throw new UnsupportedOperationException("the benchmark runs one EPP replica");
        }

        @Override
        public Authenticator metricsAuthenticator() {
            throw new UnsupportedOperationException("the benchmark runs the EPP with --metrics-endpoint-auth=false");
        }

        @Override
        public void close(Datastore datastore) {
            if (scraper != null) {
                scraper.close();
            }
        }
    }
}
