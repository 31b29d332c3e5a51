package commands;

import picocli.CommandLine;

/** The optional CHART argument Helm users type out of habit: only the built-in inferencepool chart is accepted. */
final class ChartArgument {
    private ChartArgument() {}

    static void check(CommandLine cmd, String chart) {
        if (chart == null) {
            return;
        }
        String trimmed = chart.replaceAll("/+$", "");
        if (!(trimmed.equals("inferencepool") || trimmed.endsWith("/inferencepool"))) {
            throw new CommandLine.ParameterException(cmd, "pool installs only its built-in inferencepool chart; got CHART \""
                    + chart + "\". Leave CHART out (or pass ./config/charts/inferencepool)");
        }
    }
}
