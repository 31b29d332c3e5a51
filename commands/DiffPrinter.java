package commands;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import release.Diff;
import values.Yaml;

/**
 * `pool diff` output: per added, removed or changed object, a header in helm-diff's words
 * (`ns, name, Kind (group) has changed:`) and a unified diff of its YAML; green additions, red
 * removals when colours are on. Unchanged objects print nothing.
 */
final class DiffPrinter {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colours;
    private final int context;

    DiffPrinter(PrintWriter out, boolean colours, int context) {
        this.out = out;
        this.colours = colours;
        this.context = context;
    }

    /** Prints every change; returns whether there was any. */
    boolean print(List<Diff.ObjectChange> changes, String action) {
        boolean any = false;
        for (var change : changes) {
            if (change.change() == Diff.Change.UNCHANGED) {
                continue;
            }
            any = true;
            var ref = change.ref();
            String group = ref.group().isEmpty() ? "core" : ref.group();
            String verb = switch (change.change()) {
                case ADDED -> "has been added";
                case REMOVED -> "has been removed";
                default -> "has changed";
            };
            out.println(paint(YELLOW, (ref.namespace() == null ? "" : ref.namespace()) + ", " + ref.name() + ", " + ref.kind()
                    + " (" + group + ") " + verb + ":"));
            List<String> before = lines(change.before());
            List<String> after = lines(change.after());
            var patch = DiffUtils.diff(before, after);
            var unified = UnifiedDiffUtils.generateUnifiedDiff("live/" + ref, action + "/" + ref, before, patch, context);
            for (String line : unified) {
                out.println(line.startsWith("+++") || line.startsWith("---") ? paint(YELLOW, line)
                        : line.startsWith("@@") ? paint(CYAN, line)
                        : line.startsWith("+") ? paint(GREEN, line)
                        : line.startsWith("-") ? paint(RED, line)
                        : line);
            }
            out.println();
        }
        return any;
    }

    private static List<String> lines(Map<String, Object> object) {
        if (object == null) {
            return List.of();
        }
        try {
            return Yaml.write(object).lines().toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot print an object as YAML: " + e.getMessage(), e);
        }
    }

    private String paint(String colour, String text) {
        return colours ? colour + text + RESET : text;
    }
}
