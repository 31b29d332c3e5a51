package commands.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Answers `pool __complete WORD... CURRENT` from picocli's model of the command line (one source of
 * truth with parsing and help): subcommands, flags, and flag and argument values: `--set` paths
 * from the chart's schema, kube contexts, namespaces, release names and revisions from the cluster,
 * fixed choices (`-o`, `--cascade`, `--dry-run`).
 */
public final class Completer {
    /** Commands whose first argument is an existing release. */
    private static final Set<String> RELEASE_COMMANDS = Set.of("pool upgrade", "pool uninstall", "pool rollback", "pool status",
            "pool history", "pool get values", "pool get manifest", "pool port-forward-jaeger", "pool diff upgrade", "pool diff rollback");
    private static final Set<String> REVISION_COMMANDS = Set.of("pool rollback", "pool diff rollback");
    private static final Set<String> SET_FLAGS = Set.of("--set", "--set-string", "--set-json", "--set-file", "--set-literal");

    private final CommandLine root;

    public Completer(CommandLine root) {
        this.root = root;
    }

    /** `words`: the arguments after `pool`, the last being the (maybe empty) word under the cursor. */
    public Candidates complete(List<String> words) {
        if (words.isEmpty()) {
            words = List.of("");
        }
        String current = words.get(words.size() - 1);
        CommandLine command = root;
        var positionals = new ArrayList<String>();
        OptionSpec pending = null;
        String kubeconfig = null;
        String context = null;
        String namespace = null;
        for (String word : words.subList(0, words.size() - 1)) {
            if (pending != null) {
                switch (pending.longestName()) {
                    case "--kubeconfig" -> kubeconfig = word;
                    case "--kube-context" -> context = word;
                    case "--namespace" -> namespace = word;
                    default -> { }
                }
                pending = null;
                continue;
            }
            if (word.startsWith("-") && word.length() > 1) {
                int equals = word.indexOf('=');
                var option = command.getCommandSpec().findOption(equals < 0 ? word : word.substring(0, equals));
                if (option != null && equals < 0 && option.arity().min() >= 1) {
                    pending = option;
                } else if (option != null && equals >= 0) {
                    String value = word.substring(equals + 1);
                    switch (option.longestName()) {
                        case "--kubeconfig" -> kubeconfig = value;
                        case "--kube-context" -> context = value;
                        case "--namespace" -> namespace = value;
                        default -> { }
                    }
                }
            } else if (positionals.isEmpty() && command.getSubcommands().containsKey(word)) {
                command = command.getSubcommands().get(word);
            } else {
                positionals.add(word);
            }
        }
        var cluster = new ClusterNames(kubeconfig, context, namespace);
        if (pending != null) {
            return optionValue(pending, current, "", cluster);
        }
        if (current.startsWith("-")) {
            int equals = current.indexOf('=');
            if (equals > 0) {
                var option = command.getCommandSpec().findOption(current.substring(0, equals));
                return option == null ? Candidates.none() : optionValue(option, current.substring(equals + 1), current.substring(0, equals + 1), cluster);
            }
            return Candidates.matching(current, optionNames(command.getCommandSpec()), Candidates.NO_FILES);
        }
        var out = new ArrayList<String>();
        if (positionals.isEmpty()) {
            command.getSubcommands().forEach((name, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandName().equals(name)) { // not the aliases
                    out.add(name);
                }
            });
        }
        String qualified = command.getCommandSpec().qualifiedName();
        if (RELEASE_COMMANDS.contains(qualified) && positionals.isEmpty()) {
            out.addAll(cluster.releases());
        } else if (REVISION_COMMANDS.contains(qualified) && positionals.size() == 1) {
            out.addAll(cluster.revisions(positionals.get(0)));
        }
        return Candidates.matching(current, out, Candidates.NO_FILES);
    }

    private Candidates optionValue(OptionSpec option, String value, String prefix, ClusterNames cluster) {
        String name = option.longestName();
        if (SET_FLAGS.contains(name)) {
            var paths = ValuePaths.fromChart().complete(value);
            return new Candidates(paths.words().stream().map(w -> prefix + w).toList(), paths.directive());
        }
        List<String> choices = switch (name) {
            case "--kube-context" -> cluster.contexts();
            case "--namespace" -> cluster.namespaces();
            case "--output" -> List.of("table", "json", "yaml");
            case "--cascade" -> List.of("background", "foreground", "orphan");
            case "--dry-run" -> List.of("client", "server", "none");
            case "--wait" -> List.of("watcher", "legacy", "hookOnly");
            case "--kubeconfig", "--values" -> null;
            default -> List.of();
        };
        if (choices == null) {
            return Candidates.files();
        }
        return Candidates.matching(prefix + value, choices.stream().map(c -> prefix + c).toList(), Candidates.NO_FILES);
    }

    private static List<String> optionNames(CommandSpec spec) {
        var names = new ArrayList<String>();
        for (var option : spec.options()) {
            if (!option.hidden()) {
                names.addAll(List.of(option.names()));
            }
        }
        return names;
    }
}
