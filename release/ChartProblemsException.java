package release;

import java.util.List;

/** The values or name cannot be rendered; lists every problem, one per line. */
public class ChartProblemsException extends ReleaseException {
    private final List<String> problems;
    private final List<String> nameProblems;

    public ChartProblemsException(List<String> problems) {
        this(problems, List.of());
    }

    /** @param nameProblems those of the problems that are about the release name */
    public ChartProblemsException(List<String> problems, List<String> nameProblems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
        this.nameProblems = List.copyOf(nameProblems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The problems about the release name (a subset of {@link #problems()}). */
    public List<String> nameProblems() {
        return nameProblems;
    }
}
