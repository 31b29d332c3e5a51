package commands;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import release.Queries;

/** `get values` and `get manifest` of a release revision. */
@Command(name = "get", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Show stored parts of a release.",
        subcommands = {GetCommand.Values.class, GetCommand.ManifestText.class})
final class GetCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: values or manifest");
    }

    @Command(name = "values", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Print the user-supplied values of a release (with --all: merged over the chart defaults).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "1:not found or the cluster failed", "2:bad usage"})
    static final class Values extends ReleaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--revision", defaultValue = "0", paramLabel = "N")
        int revision;

        @Option(names = {"-a", "--all"}, description = "Print the computed values (user values over the chart defaults).")
        boolean all;

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
            var values = new Queries(session.context().store()).values(name, revision, all);
            if (output.format() == OutputOptions.Format.TABLE) {
                out.println(all ? "COMPUTED VALUES:" : "USER-SUPPLIED VALUES:");
                if (values.isEmpty() && !all) {
                    out.println("null");
                } else {
                    ReleasePrinter.data(out, OutputOptions.Format.YAML, values);
                }
            } else {
                ReleasePrinter.data(out, output.format(), values);
            }
            return 0;
        }
    }

    @Command(name = "manifest", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Print the stored manifest of a release.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "1:not found or the cluster failed", "2:bad usage"})
    static final class ManifestText extends ReleaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--revision", defaultValue = "0", paramLabel = "N")
        int revision;

        @Override
        int run(ReleaseSession session, PrintWriter out, PrintWriter err) {
            out.println(new Queries(session.context().store()).revision(name, revision).manifest());
            return 0;
        }
    }
}
