///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/KubernetesClient.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Slf4j.java
//SOURCES ../dependencies/Grpc.java
//SOURCES ../dependencies/Protobuf.java
//SOURCES ../dependencies/EnvoyApi.java
//SOURCES ../dependencies/Vertx.java
//SOURCES Endpoint.java HostPort.java PoolEndpoints.java KubernetesPoolEndpoints.java FailureMode.java RouterKind.java EppTls.java
//SOURCES GatewayConfig.java Gateway.java GatewayVerticle.java GatewayRuntime.java Picker.java Upstream.java RequestBody.java
//SOURCES HttpHeaders.java ClientReplies.java DirectExchange.java EppExchange.java ExtProcMessages.java TrustAnyServerCertificate.java

package gateway;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Runs the gateway alone: `./jbang gateway/GatewayMain.java --epp 127.0.0.1:9002 --pool-name NAME`.
 * Prints its URL on stdout once it listens; SIGTERM/SIGINT stop it with exit code 0.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve an InferencePool over HTTP as Envoy does with its Endpoint Picker (or with an in-process router).")
public final class GatewayMain implements Callable<Integer> {
    @Option(names = "--address", paramLabel = "IP", description = "Listen address (default ${DEFAULT-VALUE}).")
    String address = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Listen port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--router", paramLabel = "KIND", description = "epp, round-robin or random (default ${DEFAULT-VALUE}).")
    String router = "epp";

    @Option(names = "--epp", paramLabel = "IP:PORT", description = "The EPP's ext_proc address (router epp).")
    String epp;

    @Option(names = "--epp-tls", paramLabel = "MODE", description = "insecure (TLS, certificate not verified, as Envoy) or plaintext (default ${DEFAULT-VALUE}).")
    String eppTls = "insecure";

    @Option(names = "--failure-mode", paramLabel = "MODE", description = "FailClose or FailOpen when the EPP is unreachable (default ${DEFAULT-VALUE}).")
    String failureMode = "FailClose";

    @Option(names = "--epp-timeout", paramLabel = "MILLIS", description = "Wait for the EPP's routing decision (default ${DEFAULT-VALUE} ms).")
    long eppTimeoutMillis = 10_000;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random router (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--endpoint", paramLabel = "POD=IP:PORT", description = "A ready endpoint of the pool (repeatable); instead of --pool-name.")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--pool-name", paramLabel = "NAME", description = "Read the ready endpoints of this v1 InferencePool's pods from Kubernetes.")
    String poolName;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The pool's namespace (default: the kubeconfig context's, else default).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig (default: KUBECONFIG, ~/.kube/config).")
    Path kubeconfig;

    public static void main(String... args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig.Builder builder = GatewayConfig.builder().host(address).port(port).randomSeed(seed)
                .eppTimeout(Duration.ofMillis(eppTimeoutMillis));
        KubernetesClient client = null;
        KubernetesPoolEndpoints watched = null;
        try {
            builder.router(RouterKind.parse(router)).eppTls(EppTls.parse(eppTls)).failureMode(FailureMode.parse(failureMode));
            if (epp != null) {
                builder.epp(epp);
            }
            if (poolName != null && !endpoints.isEmpty()) {
                throw new IllegalArgumentException("give either --pool-name or --endpoint, not both");
            }
            if (poolName != null) {
                client = kubernetesClient();
                String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
                watched = KubernetesPoolEndpoints.forPool(client, ns, poolName);
                builder.endpoints(watched);
            } else {
                builder.endpoints(PoolEndpoints.of(fixedEndpoints()));
            }
            GatewayConfig config = builder.build();
            CountDownLatch stop = new CountDownLatch(1);
            for (String signal : List.of("TERM", "INT")) {
                Signal.handle(new Signal(signal), s -> stop.countDown());
            }
            try (Gateway gateway = Gateway.start(config)) {
                System.out.println(gateway.url());
                System.err.println("gateway: router " + config.router().flag() + " listening on " + gateway.url());
                stop.await();
            }
            return 0;
        } catch (IllegalArgumentException bad) {
            System.err.println("gateway: " + bad.getMessage());
            return 1;
        } finally {
            if (watched != null) {
                watched.close();
            }
            if (client != null) {
                client.close();
            }
        }
    }

    private List<Endpoint> fixedEndpoints() {
        List<Endpoint> fixed = new ArrayList<>();
        for (String entry : endpoints) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--endpoint '" + entry + "' is not POD=IP:PORT (e.g. vllm-0=10.0.0.5:8000)");
            }
            fixed.add(new Endpoint(entry.substring(0, eq), entry.substring(eq + 1)));
        }
        return fixed;
    }

    private KubernetesClient kubernetesClient() throws Exception {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " is not a readable file");
        }
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }
}
