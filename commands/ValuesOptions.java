package commands;

import chart.InferencePoolChart;
import chart.ValueProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import values.SourceReader;
import values.UserValues;
import values.ValuesException;

/**
 * Helm's value flags as a picocli mixin ({@code @Mixin ValuesOptions values;}):
 * {@code -f/--values} (repeatable, also comma-separated; a file, an http(s) URL, or {@code -} for
 * stdin; multi-document YAML merged in order), {@code --set}, {@code --set-string},
 * {@code --set-json}, {@code --set-file}, {@code --set-literal} (all repeatable).
 */
public final class ValuesOptions {
    @Option(names = {"-f", "--values"}, split = ",", paramLabel = "FILE",
            description = "Values in a YAML file, an http(s) URL or - for stdin (repeatable; later files win).")
    List<String> valueFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VAL[,KEY=VAL]",
            description = "Set values on the command line (typed: true, 42, null; lists {a,b}).")
    List<String> set = new ArrayList<>();

    @Option(names = "--set-string", paramLabel = "KEY=VAL[,KEY=VAL]",
            description = "Set STRING values on the command line (no type inference).")
    List<String> setString = new ArrayList<>();

    @Option(names = "--set-json", paramLabel = "KEY=JSON[,KEY=JSON]|{JSON}",
            description = "Set JSON values on the command line (key=JSON, or a whole JSON object).")
    List<String> setJson = new ArrayList<>();

    @Option(names = "--set-file", paramLabel = "KEY=PATH[,KEY=PATH]",
            description = "Set values from files (the file's content as a string; - for stdin).")
    List<String> setFile = new ArrayList<>();

    @Option(names = "--set-literal", paramLabel = "KEY=VAL",
            description = "Set a literal STRING value (everything after the first = is kept as is).")
    List<String> setLiteral = new ArrayList<>();

    private SourceReader sources = SourceReader.standard();

    /**
     * Helm's MergeValues: the user-values map in Helm's fixed precedence, regardless of flag order
     * on the command line; a new map on every call. Throws values.ValuesException: exit code 2
     * when {@code usageError()}, else 1 (also for a whole number that --set-string or --set-literal
     * made a string where the chart wants an integer).
     */
    public Map<String, Object> userValues() {
        Map<String, Object> values = UserValues.merge(flags(), sources);
        List<ValueProblem> forced = InferencePoolChart.forcedStringProblems(UserValues.stringFlags(flags()));
        if (forced.size() == 1) {
            throw new ValuesException(forced.get(0).describe(), false);
        } else if (!forced.isEmpty()) {
            StringBuilder message = new StringBuilder(forced.size() + " problems with the value flags:");
            forced.forEach(p -> message.append("\n  - ").append(p.describe()));
            throw new ValuesException(message.toString(), false);
        }
        return values;
    }

    /**
     * True when no value flag at all was given (upgrade reuses the previous values then). Helm's
     * own test is on the merged map ({@code userValues().isEmpty()}), which is also true for a
     * lone {@code --set ''} or an empty values file.
     */
    public boolean isEmpty() {
        return flags().isEmpty();
    }

    /** Reads {@code -} from this stream instead of System.in (tests, embedding). */
    void readStdinFrom(java.io.InputStream stdin) {
        this.sources = new SourceReader(stdin);
    }

    private UserValues.Flags flags() {
        return new UserValues.Flags(valueFiles, setJson, set, setString, setFile, setLiteral);
    }
}
