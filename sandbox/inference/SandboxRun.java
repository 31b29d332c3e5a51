package sandbox.inference;

import commands.ValuesOptions;
import gateway.RouterKind;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * `pool sandbox` without a subcommand: the whole inference path ({@link InferenceSandbox}), then
 * either one completion through the gateway ({@code --smoke}: printed, exit 0 when it was answered)
 * or the ways to use it, until Ctrl+C / SIGTERM (exit 0).
 */
public final class SandboxRun {
    static final String PROMPT = "Say hello to the sandbox";

    @Option(names = "--model-servers", defaultValue = "4", paramLabel = "N",
            description = "Simulated vLLM pods of the pool (default: ${DEFAULT-VALUE}).")
    int modelServers;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Gateway port on 127.0.0.1 (default: 8080; with --smoke any free port; 0 picks a free one).")
    Integer port;

    @Option(names = "--router", defaultValue = "epp", paramLabel = "epp|round-robin|random",
            description = "How the gateway routes (default: ${DEFAULT-VALUE}, through the EPP).")
    String router;

    @Option(names = "--name", defaultValue = SandboxOptions.DEFAULT_RELEASE, paramLabel = "NAME",
            description = "Release name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", paramLabel = "NS",
            description = "Namespace of the release and pods (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--api-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the local Kubernetes API on 127.0.0.1 (default: any free port).")
    int apiPort;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Where to write the kubeconfig (default: ~/.pool/sandbox/kubeconfig; with --smoke a temporary file).")
    Path kubeconfig;

    @Option(names = {"--smoke", "--once"},
            description = "Bring everything up, send one completion through the gateway, print it and stop (exit 0 when answered).")
    boolean smoke;

    @Mixin
    ValuesOptions values = new ValuesOptions();

    public int run(PrintWriter out, PrintStream err) throws Exception {
        int port = this.port != null ? this.port : smoke ? 0 : 8080;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port: give a number from 0 to 65535");
        }
        RouterKind routerKind = RouterKind.parse(router);
        SandboxOptions options = SandboxOptions.defaults()
                .releaseName(name).namespace(namespace).modelServers(modelServers)
                .values(values.userValues())
                .gatewayPort(port).router(routerKind).apiPort(apiPort)
                .kubeconfig(kubeconfig != null || smoke ? kubeconfig
                        : Path.of(System.getProperty("user.home"), ".pool", "sandbox", "kubeconfig"))
                .log(err);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        long started = System.nanoTime();
        err.println("Starting the sandbox: local Kubernetes API, " + modelServers + " simulated vLLM pods, release " + name
                + ", the EPP, the gateway...");
        try (InferenceSandbox sandbox = InferenceSandbox.start(options)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            if (smoke) {
                return smokeTest(sandbox, out, seconds);
            }
            printNextSteps(sandbox, out, seconds);
            stop.await();
            err.println("Stopping the sandbox...");
            return 0;
        }
    }

    private int smokeTest(InferenceSandbox sandbox, PrintWriter out, double seconds) throws Exception {
        out.printf("Sandbox ready in %.1f s: gateway %s, kubeconfig %s%n", seconds, sandbox.gatewayUrl(), sandbox.kubeconfig());
        String body = "{\"model\":\"" + model() + "\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":8}";
        out.println("$ curl -si " + sandbox.gatewayUrl() + "/v1/completions -H 'Content-Type: application/json' -d '" + body + "'");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sandbox.gatewayUrl() + "/v1/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String endpoint = response.headers().firstValue("x-pool-endpoint").orElse(null);
        out.println("HTTP " + response.statusCode());
        out.println("x-pool-endpoint: " + (endpoint == null ? "(missing)" : endpoint));
        out.println(response.body());
        out.flush();
        return response.statusCode() == 200 && endpoint != null ? 0 : 1;
    }

    private void printNextSteps(InferenceSandbox sandbox, PrintWriter out, double seconds) {
        String gw = sandbox.gatewayUrl();
        out.printf("Sandbox ready in %.1f s.%n", seconds);
        out.println("  Kubernetes API  " + sandbox.apiUrl() + "   (kubeconfig " + sandbox.kubeconfig() + ")");
        out.println("  Model servers   " + String.join(", ", sandbox.modelServerPods()));
        out.println("  EPP             " + String.join(", ", sandbox.eppPods()) + "   (logs in " + sandbox.eppLog("").getParent() + ")");
        out.println("  Gateway         " + gw);
        out.println();
        out.println("Try:");
        out.println("  curl -si " + gw + "/v1/completions -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"model\":\"" + model() + "\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":16}'");
        out.println("  export KUBECONFIG=" + sandbox.kubeconfig());
        out.println("  ./pool status " + sandbox.releaseName() + (namespace.equals("default") ? "" : " -n " + namespace));
        out.println("  kubectl get pods");
        out.println("  kubectl scale deployment " + sandbox.modelServerDeployment() + " --replicas=" + (modelServers + 1));
        out.println("  ./pool upgrade " + sandbox.releaseName() + " --reuse-values --set inferenceExtension.replicas=2");
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    private static String model() {
        return new sim.engine.SimOptions().model;
    }
}
