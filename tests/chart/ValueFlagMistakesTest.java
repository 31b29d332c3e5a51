package chart;

import static chart.TemplateConformanceTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the value flags, through the real {@code pool template}: the message names what is wrong, where, and the fix. */
class ValueFlagMistakesTest {
    private static final String LABELS = "inferencePool.modelServers.matchLabels.app=m";

    @TempDir
    Path dir;

    @Test
    void twoDotsInARowNameTheEmptyKeySegmentAndItsPosition() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set", "x=1,inferenceExtension..replicas=2"));
        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertEquals("Error: failed parsing --set data: key map \"inferenceExtension\" has no value (an empty key segment"
                + " at character 24 of 'x=1,inferenceExtension..replicas=2': two dots in a row; a dot inside a key is"
                + " written \\.; write --set 'x=1,inferenceExtension.replicas=2')\n", result.err());
    }

    @Test
    void aTrailingDotSaysThePathEndsWithADotAndWhere() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set-string", "inferenceExtension.image.=x"));
        assertEquals(2, result.exitCode());
        assertEquals("Error: failed parsing --set-string data: key map \"image\" has no value (an empty key segment at"
                + " character 26 of 'inferenceExtension.image.=x': the path ends with a dot; name the key, e.g."
                + " --set-string 'inferenceExtension.image.KEY=x', or drop the dot: --set-string 'inferenceExtension.image=x')\n",
                result.err());
    }

    @Test
    void aWholeNumberForcedToAStringWhereTheChartWantsAnIntegerIsATypeError() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set-string", "inferenceExtension.replicas=3"));
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertEquals("Error: inferenceExtension.replicas = \"3\": must be a whole number, but --set-string made it the"
                + " string \"3\". Fix: --set inferenceExtension.replicas=3\n", result.err());

        var several = run(List.of("template", "p", "--set", LABELS, "--set-string",
                "inferenceExtension.extProcPort=9003,inferenceExtension.image.tag=3",
                "--set-literal", "inferenceExtension.extraServicePorts[0].port=5557"));
        assertEquals(1, several.exitCode());
        assertTrue(several.err().startsWith("Error: 2 problems with the value flags:\n"), several.err());
        assertTrue(several.err().contains("  - inferenceExtension.extProcPort = \"9003\": must be a whole number, but"
                + " --set-string made it the string \"9003\". Fix: --set inferenceExtension.extProcPort=9003"), several.err());
        assertTrue(several.err().contains("  - inferenceExtension.extraServicePorts[0].port = \"5557\": must be a whole"
                + " number, but --set-literal made it the string \"5557\". Fix: --set inferenceExtension.extraServicePorts[0].port=5557"),
                several.err());
    }

    @Test
    void stringsTheChartTakesAndQuotedNumbersInValuesFilesStayAccepted() throws IOException {
        Path values = Files.writeString(dir.resolve("v.yaml"), "inferenceExtension:\n  replicas: \"2\"\n");
        var result = run(List.of("template", "p", "--set", LABELS, "-f", values.toString(),
                "--set-string", "inferenceExtension.image.tag=3,inferenceExtension.tracing.sampling.samplerArg=0.5"));
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("replicas: 2\n"), "as Helm's template reads a quoted number");
        assertTrue(result.out().contains("epp:3\n"), result.out());
    }
}
