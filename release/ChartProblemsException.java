package release;

import java.util.List;

/** The values or name cannot be rendered; lists every problem, one per line. */
public class ChartProblemsException extends ReleaseException {
    private final List<String> problems;

    public ChartProblemsException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
