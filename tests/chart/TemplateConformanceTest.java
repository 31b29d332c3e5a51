package chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import commands.PoolCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden render (tests/chart/fixtures, copied from the shared conformance set) through the real
 * `pool template` command, in-process. The fixtures are the reference chart's renders with pool's
 * deliberate fixes already in them (one-argument --tracing, namespaces on every object, Jaeger names,
 * ...), except two that {@link ObjectsByMeaning} applies: pool's version label and one-argument
 * pass-through flags. So what passes here is "the reference's objects plus pool's documented fixes",
 * not the reference's objects as Helm renders them.
 */
class TemplateConformanceTest {
    static final Path FIXTURES = Path.of("tests/chart/fixtures");

    @TestFactory
    Stream<DynamicTest> everyFixtureRendersTheReferenceObjectsWithPoolsDocumentedFixes() throws IOException {
        List<Path> argsFiles;
        try (Stream<Path> files = Files.list(FIXTURES)) {
            argsFiles = files.filter(p -> p.toString().endsWith(".args")).sorted().toList();
        }
        assertTrue(argsFiles.size() >= 18, "fixtures missing: " + argsFiles);
        return argsFiles.stream().map(args -> DynamicTest.dynamicTest(fixtureName(args), () -> check(args)));
    }

    private static void check(Path argsFile) throws IOException {
        String name = fixtureName(argsFile);
        Result result = run(arguments(argsFile));
        Path expectedYaml = FIXTURES.resolve(name + ".yaml");
        if (Files.exists(expectedYaml)) {
            assertEquals(0, result.exitCode, "stderr: " + result.err);
            List<String> differences = ObjectsByMeaning.differences(Files.readString(expectedYaml), result.out);
            assertEquals(List.of(), differences, name + " differs from the reference render with pool's documented fixes");
        } else {
            String expectedError = Files.readString(FIXTURES.resolve(name + ".err"));
            assertNotEquals(0, result.exitCode);
            assertEquals("", result.out, "nothing on stdout when the render fails");
            assertTrue(result.err.contains(problemNamedBy(expectedError)),
                    "stderr should name the reference's problem (" + problemNamedBy(expectedError) + "): " + result.err);
        }
    }

    /** The reference's failure in a few words both tools must say. */
    private static String problemNamedBy(String referenceError) {
        if (referenceError.contains("matchLabels is required")) {
            return ".Values.inferencePool.modelServers.matchLabels is required";
        }
        if (referenceError.contains("invalid release name")) {
            return "invalid release name, must match regex";
        }
        throw new IllegalArgumentException("a new kind of .err fixture: " + referenceError);
    }

    static List<String> arguments(Path argsFile) throws IOException {
        List<String> words = new ArrayList<>(List.of("template"));
        String previous = "";
        for (String word : Files.readString(argsFile).trim().split("\\s+")) {
            boolean valuesFile = (previous.equals("-f") || previous.equals("--values")) && !word.startsWith("/");
            words.add(valuesFile ? FIXTURES.resolve(word).toString() : word);
            previous = word;
        }
        return words;
    }

    record Result(int exitCode, String out, String err) {}

    static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PoolCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static String fixtureName(Path argsFile) {
        String file = argsFile.getFileName().toString();
        return file.substring(0, file.length() - ".args".length());
    }
}
