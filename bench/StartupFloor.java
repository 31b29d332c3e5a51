///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVAC_OPTIONS -XDstringConcat=inline
//SOURCES ../dependencies/Picocli.java
//SOURCES ../dependencies/KubernetesClient.java
//SOURCES ../dependencies/Jackson.java
//SOURCES ../dependencies/Slf4j.java
//SOURCES ../dependencies/Slf4jNop.java
//SOURCES ../commands/ProcessExit.java

import commands.ProcessExit;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The least a pool command can do with the libraries it is built on, run by bench/startup-vs-helm
 * beside pool and Helm, with the same JVM flags and a class-data archive of its own:
 * <ul>
 * <li>{@code jvm}: start the JVM and exit;</li>
 * <li>{@code picocli template NAME --set K=V}: parse a command line with picocli, from the smallest
 *     model it takes (built in code: one subcommand, one positional, one option; no annotations,
 *     no help options), and exit: what `pool template` costs before it reads a value;</li>
 * <li>{@code fabric8}: read $KUBECONFIG with fabric8, list the Secrets Helm's storage labels in the
 *     context's namespace (as `pool list`), close the client and exit as pool does: what `pool list` costs before it decodes
 *     a release.</li>
 * </ul>
 * Usage: jbang bench/StartupFloor.java jvm | picocli ARGS... | fabric8
 */
public final class StartupFloor {
    public static void main(String... args) {
        switch (args.length == 0 ? "" : args[0]) {
            case "jvm" -> System.exit(0);
            case "picocli" -> System.exit(parse(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "fabric8" -> ProcessExit.exit(listReleaseSecrets());
            default -> {
                System.err.println("usage: StartupFloor jvm | picocli ARGS... | fabric8");
                System.exit(2);
            }
        }
    }

    private static int parse(String... args) {
        System.setProperty("picocli.disable.closures", "true");
        CommandSpec template = CommandSpec.create().name("template");
        template.addPositional(PositionalParamSpec.builder().index("0").paramLabel("NAME").type(String.class).build());
        template.addOption(OptionSpec.builder("--set").type(String[].class).build());
        CommandSpec root = CommandSpec.create().name("pool");
        root.addSubcommand("template", template);
        CommandLine.ParseResult parsed = new CommandLine(root).parseArgs(args);
        return parsed.subcommand() == null ? 2 : 0;
    }

    private static int listReleaseSecrets() {
        Config config = Config.fromKubeconfig(null, new File(System.getenv("KUBECONFIG")));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            int releases = client.secrets().withLabel("owner", "helm").list().getItems().size();
            return releases > 0 ? 0 : 1;
        }
    }
}
