package sandbox;

import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sandbox api` (also `pool sandbox api`): serves the local Kubernetes API until interrupted. */
@Command(name = "api",
        mixinStandardHelpOptions = true,
        version = "pool " + common.ProjectVersion.VERSION,
        description = {"Serves a local Kubernetes API (plain HTTP, no authentication) that pool, kubectl and"
                + " Helm can use, writes a kubeconfig for it and runs until interrupted (Ctrl+C).",
                "No controllers run: nothing creates Pods for Deployments or sets status."})
final class SandboxApiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "6443",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--address", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--kubeconfig", description = "Where to write the kubeconfig (default: ~/.pool/sandbox/kubeconfig).")
    Path kubeconfig;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new SandboxError("--port " + port + " is not a TCP port: give a number from 0 to 65535");
        }
        Path file = kubeconfig != null ? kubeconfig
                : Path.of(System.getProperty("user.home"), ".pool", "sandbox", "kubeconfig");
        LocalKubernetesApi api = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "pool-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            Path written = api.writeKubeconfig(file).toAbsolutePath();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Local Kubernetes API listening on " + api.url());
            out.println("Kubeconfig written to " + written);
            out.println("Use it with:");
            out.println("  export KUBECONFIG=" + written);
            if (!java.net.InetAddress.getByName(address).isLoopbackAddress()) {
                out.println("Warning: " + address + " is not a loopback address and the API has no"
                        + " authentication: anyone who reaches it can read and change every object.");
            }
            out.println("Press Ctrl+C to stop.");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (java.net.UnknownHostException e) {
            throw new SandboxError("unknown address \"" + address + "\": give an IP address such as 127.0.0.1");
        } catch (java.io.UncheckedIOException e) {
            throw new SandboxError(e.getMessage() + ": pass a writable path with --kubeconfig");
        } finally {
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
                api.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private LocalKubernetesApi start() {
        try {
            return LocalKubernetesApi.start(address, port);
        } catch (IllegalArgumentException e) {
            throw new SandboxError(e.getMessage() + " (--address)");
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new SandboxError("cannot listen on " + address + ":" + port + " (" + t.getMessage()
                            + "): pick a free port with --port, or --port 0 for any");
                }
            }
            throw e;
        }
    }
}
