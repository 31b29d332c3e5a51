///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/KubernetesClient.java
//SOURCES ../dependencies/KubernetesMockServer.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Protobuf.java
//SOURCES ../dependencies/Slf4j.java
//SOURCES ../dependencies/Slf4jNop.java
//SOURCES ../dependencies/BouncyCastle.java
//SOURCES ../common/ProjectVersion.java
//SOURCES *.java

package sandbox;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the sandbox, the local stand-in for a cluster: `pool sandbox ...` starts it
 * (commands.SandboxCommand), as do `jbang sandbox@org ...` and `./jbang sandbox/SandboxMain.java ...`.
 * A program of its own so that fabric8's mock server is on no other program's classpath.
 */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        version = "pool " + common.ProjectVersion.VERSION,
        description = "Runs a local stand-in for a Kubernetes cluster.",
        subcommands = {SandboxApiCommand.class})
public final class SandboxMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SandboxMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (!(e instanceof SandboxError) && System.getenv("POOL_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (api)");
    }
}
