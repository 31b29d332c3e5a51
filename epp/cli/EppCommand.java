package epp.cli;

import common.GoDuration;
import epp.logging.Log;
import epp.logging.LogBridges;
import epp.server.Backends;
import epp.server.EppConfig;
import epp.server.EppRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `epp [flags]`: parses the flags (bad usage ⇒ exit 2 with usage), validates them (⇒ exit 1 with
 * the reason), starts the EPP and serves until SIGTERM/SIGINT, then stops it (⇒ exit 0).
 */
@Command(name = "epp", sortOptions = false, usageHelpWidth = 120,
        description = "Endpoint Picker: the Envoy ext_proc server that picks the model server for each inference request.")
public final class EppCommand implements Callable<Integer> {
    @Mixin
    EppFlags flags;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Backends backends;
    private final Map<String, String> env;
    /** The process entry routes every library log and stray stderr line through the EPP's logger; tests keep theirs. */
    private boolean ownsTheProcess;

    public EppCommand(Backends backends, Map<String, String> env) {
        this.backends = backends;
        this.env = env;
    }

    public static CommandLine commandLine(Backends backends, Map<String, String> env) {
        return new CommandLine(new EppCommand(backends, env))
                .setCaseInsensitiveEnumValuesAllowed(false)
                .setOverwrittenOptionsAllowed(true);
    }

    public static int execute(Backends backends, String... args) {
        CommandLine line = commandLine(backends, System.getenv());
        ((EppCommand) line.getCommand()).ownsTheProcess = true;
        return line.execute(goStyle(line, args));
    }

    /**
     * Go's flag package accepts `-name` as well as `--name`: single-dash spellings of the long
     * flags (`-pool-name`, `-tracing=false`) become their double-dash form; anything else is kept.
     */
    public static String[] goStyle(CommandLine line, String... args) {
        String[] result = args.clone();
        for (int i = 0; i < result.length; i++) {
            String arg = result[i];
            if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                String name = "-" + (eq < 0 ? arg : arg.substring(0, eq));
                if (line.getCommandSpec().findOption(name) != null) {
                    result[i] = "-" + arg;
                }
            }
        }
        return result;
    }

    public EppFlags flags() {
        return flags;
    }

    @Override
    public Integer call() throws Exception {
        Log.configure(flags.jsonLogs(), flags.effectiveVerbosity(), flags.zapTimeEncoding);
        Log.info("GIE build", "commit-sha", EppRunner.COMMIT, "build-ref", EppRunner.BUILD_REF);
        logFlags();
        List<String> errors = new java.util.ArrayList<>(flags.validate());
        EppConfig config = null;
        if (errors.isEmpty()) {
            try {
                config = flags.config(env);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            errors.forEach(e -> err.println("epp: " + e));
            err.flush();
            return 1;
        }
        warnIfEnabled("ENABLE_EXPERIMENTAL_FLOW_CONTROL_LAYER", "flow control is not implemented; using legacy admission (§6.2)");
        warnIfEnabled("ENABLE_EXPERIMENTAL_DATALAYER_V2", "there is one data layer; scraping works as documented in §4.4");
        if (ownsTheProcess) {
            LogBridges.routeJavaUtilLogging();
            LogBridges.captureStandardStreams();
        }
        var runner = new EppRunner(backends);
        // Installed before the start, which logs "EPP serving": a SIGTERM right after that line is a stop
        // request too, not the JVM's default exit 143.
        var stop = StopSignal.install();
        if (startOrReport(runner, config) == null) {
            return 1;
        }
        stop.started();
        stop.await();
        Log.info("Shutting down");
        runner.close();
        return 0;
    }

    private epp.server.EppServers startOrReport(EppRunner runner, EppConfig config) {
        try {
            return runner.start(config, env);
        } catch (Exception e) {
            Log.error("Failed to start the EPP", e);
            PrintWriter err = spec.commandLine().getErr();
            err.println("epp: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    private void warnIfEnabled(String name, String consequence) {
        String value = env.get(name);
        if (value != null && common.GoBoolean.parse(value).orElse(false)) {
            Log.warn(name + " is set but " + consequence, "name", name, "value", value);
        }
    }

    private void logFlags() {
        Object[] keyValues = new Object[spec.options().size() * 2];
        int i = 0;
        for (var option : spec.options()) {
            if (!option.usageHelp()) {
                keyValues[i++] = option.longestName().replaceFirst("^-+", "");
                Object value = option.getValue();
                keyValues[i++] = value instanceof java.time.Duration d ? GoDuration.format(d) : value == null ? "" : value;
            }
        }
        Log.info("Flags processed", java.util.Arrays.copyOf(keyValues, i));
    }
}
