package bench.routingbench;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import sandbox.inference.InferenceSandbox;
import sandbox.inference.PrecisePrefixCache;
import sandbox.inference.SandboxOptions;

/**
 * A router run's pool as `pool sandbox` starts it: the local Kubernetes API, the release installed
 * with pool's own code, simulated vLLM pods, the EPP as its own process (for EPP routers, with the
 * run's EndpointPickerConfig in the chart's ConfigMap) and the gateway with the run's router.
 */
final class SandboxPool implements BenchPool {
    private final InferenceSandbox sandbox;
    private final List<String> podUrls;

    private SandboxPool(InferenceSandbox sandbox, List<String> podUrls) {
        this.sandbox = sandbox;
        this.podUrls = podUrls;
    }

    static BenchPool start(PoolSetup setup) throws Exception {
        var simulator = setup.sim().copy();
        simulator.seed = setup.seed();
        InferenceSandbox sandbox = InferenceSandbox.start(SandboxOptions.defaults()
                .modelServers(setup.pods())
                .simulator(simulator)
                .router(setup.router().kind())
                .eppConfig(setup.eppConfig())
                .precisePrefixCache(setup.router().precisePrefixCache() ? PrecisePrefixCache.TINY_TOKENIZER : null)
                .log(new PrintStream(OutputStream.nullOutputStream())));
        try {
            List<String> urls = new ArrayList<>();
            for (String name : sandbox.modelServerPods()) {
                Pod pod = sandbox.client().pods().inNamespace(sandbox.namespace()).withName(name).get();
                var ports = pod.getSpec().getContainers().get(0).getPorts();
                int port = ports == null || ports.isEmpty() ? 8000 : ports.get(0).getContainerPort();
                urls.add("http://" + pod.getStatus().getPodIP() + ":" + port);
            }
            return new SandboxPool(sandbox, List.copyOf(urls));
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
    }

    @Override
    public String gatewayUrl() {
        return sandbox.gatewayUrl();
    }

    @Override
    public List<String> podUrls() {
        return podUrls;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
