package commands;

import chart.InferencePoolChart;
import chart.Manifest;
import chart.ReleaseInfo;
import chart.ValueProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import values.ValuesException;

/**
 * {@code pool template NAME}: prints the objects a release would have, as Helm's manifest stream,
 * without touching a cluster. Bad values print every problem on stderr and nothing on stdout.
 */
@Command(name = "template", addMethodSubcommands = false,
        description = "Render the inference pool's Kubernetes objects locally and print them as YAML.")
public final class TemplateCommand implements Callable<Integer> {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Parameters(index = "0", paramLabel = "NAME", description = "Release name (also the InferencePool's name).")
    String releaseName;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHART",
            description = "Optional: the inferencepool chart as Helm users name it, a path or oci:// URL ending in inferencepool (pool renders its built-in chart).")
    String chart;

    @Mixin
    ChartLocation chartLocation = new ChartLocation();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "Namespace of the release (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Mixin
    ValuesOptions values;

    @Option(names = {"-s", "--show-only"}, paramLabel = "KIND/NAME",
            description = "Print only these objects (KIND/NAME, or a template path such as templates/rbac.yaml). Repeatable.")
    List<String> showOnly = new ArrayList<>();

    @Option(names = "--strict", description = "Treat unknown or misspelled value keys as errors instead of warnings.")
    boolean strict;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        chartLocation.check(chart, spec.commandLine().getErr());
        Map<String, Object> userValues;
        try {
            userValues = values.userValues();
        } catch (ValuesException e) {
            throw new UserError(e.getMessage(), e.usageError() ? 2 : 1);
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Object> merged = InferencePoolChart.mergedValues(userValues, warnings);
        List<ValueProblem> problems = new ArrayList<>(InferencePoolChart.validate(releaseName, merged, strict, warnings));
        if (!NAMESPACE.matcher(namespace).matches() || namespace.length() > 63) {
            problems.add(new ValueProblem("namespace", namespace, "must be a DNS label: at most 63 lower-case letters,"
                    + " digits and '-', starting and ending with a letter or digit. Fix: -n my-namespace"));
        }
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(w -> err.println(release.Warning.line(w)));
        err.flush();
        if (!problems.isEmpty()) {
            throw new UserError(describe(problems));
        }
        Manifest manifest = InferencePoolChart.render(new ReleaseInfo(releaseName, namespace, 1, true), merged);
        if (!showOnly.isEmpty()) {
            try {
                manifest = manifest.select(showOnly);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(manifest.toYaml());
        out.flush();
        return 0;
    }

    static String describe(List<ValueProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).describe();
        }
        StringBuilder message = new StringBuilder(problems.size() + " problems, nothing was rendered:");
        problems.forEach(p -> message.append("\n  - ").append(p.describe()));
        return message.toString();
    }
}
