package commands;

import chart.InferencePoolChart;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import release.Warning;

/**
 * Helm's chart-location arguments, as a Helm user types them: the CHART reference (a path or
 * `oci://…` URL ending in `inferencepool`, or none) and `--version`. pool always renders its
 * built-in inferencepool chart, so it refuses another chart and says which version it renders
 * when `--version` asks for a different one.
 */
final class ChartLocation {
    @Option(names = "--version", paramLabel = "VERSION",
            description = "Chart version Helm would fetch; pool renders its built-in inferencepool chart and says so when the versions differ.")
    String version;

    /** Throws (exit 1) for a chart other than inferencepool; one stderr line when --version differs from the built-in chart's. */
    void check(String chart, PrintWriter err) {
        if (chart != null) {
            String trimmed = chart.replaceAll("/+$", "");
            if (!(trimmed.equals("inferencepool") || trimmed.endsWith("/inferencepool"))) {
                throw new UserError("pool renders only its built-in inferencepool chart; it cannot install CHART \"" + chart
                        + "\". Leave CHART out, or pass ./config/charts/inferencepool or "
                        + "oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool");
            }
        }
        if (version != null && !sameVersion(version, InferencePoolChart.version())) {
            err.println(Warning.line("pool renders its built-in inferencepool chart, version " + InferencePoolChart.version()
                    + ", not the requested --version " + version));
            err.flush();
        }
    }

    private static boolean sameVersion(String requested, String builtIn) {
        String r = requested.trim();
        return r.equals(builtIn) || r.equals("v" + builtIn);
    }
}
