package commands;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.JaegerAccess;

@Command(name = "port-forward-jaeger", addMethodSubcommands = false, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Forward a local port to the Jaeger UI of a release and print its URL; runs until interrupted (Ctrl-C).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "1:Jaeger off, no ready pod, port taken or the cluster failed", "2:bad usage"})
final class PortForwardJaegerCommand extends ReleaseCommand {
    @Parameters(index = "0", paramLabel = "RELEASE")
    String name;

    @Option(names = "--local-port", defaultValue = "16686", paramLabel = "PORT", description = "Local port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int localPort;

    @Option(names = "--address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "Local address to listen on (default: ${DEFAULT-VALUE}).")
    String address;

    /** Counted down when the forward should stop (a signal, or a test). */
    static volatile CountDownLatch stop;

    @Override
    void prepare() {
        if (localPort < 0 || localPort > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--local-port " + localPort + " is not a port (0-65535)");
        }
    }

    @Override
    int run(ReleaseSession session, PrintWriter out, PrintWriter err) throws InterruptedException {
        InetAddress listen;
        try {
            listen = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new UserError("--address " + address + " is not a local address; use e.g. 127.0.0.1", 2);
        }
        var access = new JaegerAccess(session.context(), session.forwarder());
        var target = access.find(name);
        var latch = new CountDownLatch(1);
        stop = latch;
        Thread hook = new Thread(latch::countDown, "pool-port-forward-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (var forward = access.open(target, listen, localPort)) {
            String host = listen.getHostAddress().contains(":") ? "[" + listen.getHostAddress() + "]" : listen.getHostAddress();
            out.println("http://" + host + ":" + forward.localPort());
            out.flush();
            err.println("Forwarding " + host + ":" + forward.localPort() + " -> pod " + target.pod() + ":" + target.podPort()
                    + " (Service " + target.service() + "). Press Ctrl-C to stop.");
            err.flush();
            latch.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook already ran
            }
        }
        return 0;
    }
}
