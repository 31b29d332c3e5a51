package commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * `pool sandbox ...`: runs the sandbox program (sandbox/SandboxMain.java, its own JBang entry) as a
 * child process with the same arguments, relays its output and returns its exit code. The sandbox
 * is a program of its own so that fabric8's mock server is not on the pool CLI's classpath.
 *
 * Where the sandbox's classes are found: the `pool.sandbox.classpath` system property (the `./pool`
 * launcher builds the sandbox entry and sets it), else this JVM's own classpath when it holds them
 * (tests/run.java, an IDE).
 */
@Command(name = "sandbox", addMethodSubcommands = false,
        description = "Runs a local stand-in for a Kubernetes cluster (`pool sandbox api`; `pool sandbox --help`).")
public final class SandboxCommand implements Callable<Integer> {
    static final String MAIN_CLASS = "sandbox.SandboxMain";
    static final String CLASSPATH_PROPERTY = "pool.sandbox.classpath";
    /** The sandbox JVM: the local API, simulators and gateway fit in a small heap (its EPPs are JVMs of their own). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-Xss4m", "-XX:+UseSerialGC",
            // Its classpath holds the EPP's SLF4J provider too (for the EPP processes it starts): the sandbox itself stays quiet.
            "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dslf4j.internal.verbosity=WARN");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(sandboxClasspath());
        command.add(MAIN_CLASS);
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        Thread stopChild = new Thread(() -> stop(child), "pool-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        // Ctrl+C / SIGTERM stop the sandbox, which then exits 0: so does pool (rather than the JVM's 130/143).
        List<Signal> signals = List.of(new Signal("INT"), new Signal("TERM"));
        List<SignalHandler> previous = new ArrayList<>();
        for (Signal signal : signals) {
            previous.add(Signal.handle(signal, s -> child.destroy()));
        }
        Thread out = relay(child.getInputStream(), spec.commandLine().getOut());
        Thread err = relay(child.getErrorStream(), spec.commandLine().getErr());
        try {
            int code = child.waitFor();
            out.join();
            err.join();
            return code;
        } catch (InterruptedException e) {
            // Asked to stop (as Ctrl+C stops the sandbox): stop it, and that is success.
            stop(child);
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            for (int i = 0; i < signals.size(); i++) {
                Signal.handle(signals.get(i), previous.get(i));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the child
            }
        }
    }

    private static String sandboxClasspath() {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        if (classpath != null && !classpath.isBlank()) {
            return classpath;
        }
        try {
            Class.forName(MAIN_CLASS, false, SandboxCommand.class.getClassLoader());
            return System.getProperty("java.class.path");
        } catch (ClassNotFoundException e) {
            throw new UserError("the sandbox is a program of its own and was not found with this pool: run it with"
                    + " `jbang sandbox@<the catalog pool came from> ...`, or from a clone with `./pool sandbox ...`");
        }
    }

    /** SIGTERM, so the sandbox closes its API and listening socket, then waits for it to end. */
    private static void stop(Process child) {
        child.destroy();
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread relay(InputStream from, PrintWriter to) {
        Thread thread = new Thread(() -> {
            try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the child ended
            }
        }, "pool-sandbox-relay");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
