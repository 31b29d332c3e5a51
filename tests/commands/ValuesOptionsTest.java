package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import values.ValuesException;

class ValuesOptionsTest {
    @TempDir
    Path dir;

    /** A command that only carries the mixin, as install/upgrade/template will. */
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ValuesOptions values;

        @Override
        public void run() {
        }
    }

    private static ValuesOptions parse(String... args) {
        var probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.values;
    }

    @Test
    void flagKindsApplyInHelmsFixedOrderWhateverTheirOrderOnTheCommandLine() throws IOException {
        Path file = Files.writeString(dir.resolve("f.yaml"), "a: from-file\nb: from-file\nc: from-file\nd: from-file\ne: from-file\nf: from-file\n");
        Path content = Files.writeString(dir.resolve("content.txt"), "from-set-file");
        String[] helmOrder = {"-f", file.toString(), "--set-json", "a=\"json\",b=\"json\",c=\"json\",d=\"json\",e=\"json\"",
                "--set", "a=set,b=set,c=set,d=set", "--set-string", "a=string,b=string,c=string",
                "--set-file", "a=" + content + ",b=" + content, "--set-literal", "a=literal"};
        String[] reversed = {"--set-literal", "a=literal", "--set-file", "a=" + content + ",b=" + content,
                "--set-string", "a=string,b=string,c=string", "--set", "a=set,b=set,c=set,d=set",
                "--set-json", "a=\"json\",b=\"json\",c=\"json\",d=\"json\",e=\"json\"", "-f", file.toString()};

        Map<String, Object> expected = Map.of("a", "literal", "b", "from-set-file", "c", "string", "d", "set", "e", "json", "f", "from-file");
        assertEquals(expected, parse(helmOrder).userValues());
        assertEquals(expected, parse(reversed).userValues());
    }

    @Test
    void withinOneKindTheRightMostFlagWins() {
        assertEquals(Map.of("a", 2L), parse("--set", "a=1", "--set", "a=2").userValues());
        assertEquals(Map.of("a", "y"), parse("--set-string", "a=x", "--set-string", "a=y").userValues());
    }

    @Test
    void laterValuesFilesWinAndMapsDeepMerge() throws IOException {
        Path first = Files.writeString(dir.resolve("first.yaml"), "image: {repo: nginx, tag: '1'}\nlist: [a, b]\n");
        Path second = Files.writeString(dir.resolve("second.yaml"), "image: {tag: '2'}\nlist: [c]\n");

        var values = parse("-f", first.toString(), "-f", second.toString()).userValues();

        assertEquals(Map.of("image", Map.of("repo", "nginx", "tag", "2"), "list", List.of("c")), values);
    }

    @Test
    void valuesFlagAcceptsACommaSeparatedListOfFilesLikeHelm() throws IOException {
        Path first = Files.writeString(dir.resolve("first.yaml"), "a: 1\nb: 1\n");
        Path second = Files.writeString(dir.resolve("second.yaml"), "b: 2\n");

        var values = parse("--values", first + "," + second).userValues();

        assertEquals(Map.of("a", 1.0, "b", 2.0), values);
    }

    @Test
    void dashReadsValuesFromStandardInput() {
        var options = parse("-f", "-", "--set", "b=2");
        options.readStdinFrom(new ByteArrayInputStream("a: from-stdin\n---\nc: [1]\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Map.of("a", "from-stdin", "b", 2L, "c", List.of(1.0)), options.userValues());
    }

    @Test
    void setFileDashReadsTheValueFromStandardInput() {
        var options = parse("--set-file", "script=-");
        options.readStdinFrom(new ByteArrayInputStream("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Map.of("script", "#!/bin/sh\necho hi\n"), options.userValues());
    }

    @Test
    void isEmptyOnlyWhenNoValueFlagWasGiven() {
        assertTrue(parse().isEmpty());
        assertTrue(parse().userValues().isEmpty());
        assertFalse(parse("--set", "a=1").isEmpty());
        assertFalse(parse("--set-literal", "a=1").isEmpty());
        assertFalse(parse("-f", "x.yaml").isEmpty());
        assertFalse(parse("--set", "").isEmpty(), "an empty --set is still a value flag, as in Helm");
    }

    @Test
    void malformedSetIsAUsageErrorWithHelmsMessage() {
        var error = assertThrows(ValuesException.class, () -> parse("--set", "a").userValues());

        assertTrue(error.usageError());
        assertTrue(error.getMessage().startsWith("failed parsing --set data: key \"a\" has no value"), error.getMessage());
    }

    @Test
    void missingValuesFileIsAFailureNotAUsageError() {
        String missing = dir.resolve("missing.yaml").toString();

        var error = assertThrows(ValuesException.class, () -> parse("-f", missing).userValues());

        assertFalse(error.usageError());
        assertTrue(error.getMessage().startsWith("open " + missing + ": no such file or directory"), error.getMessage());
    }

    @Test
    void setFlagsAreNotSplitOnCommasByPicocli() {
        assertEquals(Map.of("a", "x,y"), parse("--set-literal", "a=x,y").userValues());
    }

    @Test
    void eachCallBuildsAFreshMap() {
        var options = parse("--set", "a.b=1");
        var first = options.userValues();
        first.clear();

        assertEquals(Map.of("a", Map.of("b", 1L)), options.userValues());
    }
}
