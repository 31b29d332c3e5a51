package commands.completion;

import java.util.List;

/**
 * What `pool __complete` answers: the candidates, and Cobra's directive bits for the shell script
 * (1 error, 2 no space after the word, 4 no file names when there is no candidate).
 */
public record Candidates(List<String> words, int directive) {
    public static final int ERROR = 1;
    public static final int NO_SPACE = 2;
    public static final int NO_FILES = 4;

    public static Candidates none() {
        return new Candidates(List.of(), NO_FILES);
    }

    /** No candidates: the shell completes file names. */
    public static Candidates files() {
        return new Candidates(List.of(), 0);
    }

    /** The candidates starting with prefix, sorted, without duplicates. */
    public static Candidates matching(String prefix, java.util.Collection<String> all, int directive) {
        return new Candidates(all.stream().filter(w -> w.startsWith(prefix)).distinct().sorted().toList(), directive);
    }

    /** The answer's text: one candidate a line, then `:<directive>`. */
    public String text() {
        var out = new StringBuilder();
        words.forEach(w -> out.append(w).append('\n'));
        return out.append(':').append(directive).append('\n').toString();
    }
}
