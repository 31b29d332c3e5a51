///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/KubernetesClient.java
//SOURCES ../dependencies/KubernetesMockServer.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Protobuf.java
//SOURCES ../dependencies/Slf4j.java
//SOURCES ../dependencies/BouncyCastle.java
//SOURCES ../common/**.java
//SOURCES ../values/**.java
//SOURCES ../chart/**.java
//SOURCES ../kube/**.java
//SOURCES ../release/**.java
//SOURCES ../commands/**.java
//SOURCES ../epp/EndpointPicker.java
//SOURCES ../sim/ModelServerSimulator.java
//SOURCES ../gateway/GatewayMain.java
//SOURCES **.java
//FILES chart/values.yaml=../chart/values.yaml
//FILES chart/values.schema.json=../chart/values.schema.json
//FILES common/default-plugins.yaml=../common/default-plugins.yaml

package sandbox;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sandbox.inference.SandboxRun;
import values.ValuesException;

/**
 * Entry point of the sandbox, the local stand-in for a cluster: `pool sandbox ...` starts it
 * (commands.SandboxCommand), as do `jbang sandbox@org ...` and `./jbang sandbox/SandboxMain.java ...`.
 * A program of its own so that fabric8's mock server is on no other program's classpath.
 */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {"Runs the whole inference path on this machine: a local Kubernetes API, simulated vLLM pods,"
                + " the inference pool release with its EPP, and a gateway on 127.0.0.1 (until Ctrl+C; --smoke: one"
                + " completion, then stop).",
                "`sandbox api` runs the local Kubernetes API alone."},
        subcommands = {SandboxApiCommand.class})
public final class SandboxMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SandboxRun sandbox = new SandboxRun();

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SandboxMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof ValuesException values) {
                cmd.getErr().flush();
                return values.usageError() ? 2 : 1;
            }
            if (!(e instanceof SandboxError) && !(e instanceof IllegalArgumentException) && System.getenv("POOL_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
    }

    @Override
    public Integer call() throws Exception {
        return sandbox.run(spec.commandLine().getOut(), System.err);
    }
}
