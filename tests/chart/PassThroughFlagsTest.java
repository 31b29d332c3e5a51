package chart;

import static chart.TemplateConformanceTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inferenceExtension.flags} through the real {@code pool template}: both upstream forms (the
 * seed chart's list, the v1.2 chart's map), one {@code --name=value} argument per flag, and the
 * problems reported before rendering.
 */
class PassThroughFlagsTest {
    private static final String LABELS = "inferencePool.modelServers.matchLabels.app=m";

    @TempDir
    Path dir;

    @Test
    void theDefaultIsTheSeedChartsListAndRendersAsOneArgument() {
        Object flags = new ValueReader(InferencePoolChart.defaultValues()).get("inferenceExtension.flags");
        assertEquals(List.of(Map.of("name", "v", "value", 1.0)), flags);

        List<String> args = eppArgs("--set", LABELS);
        assertTrue(args.contains("--v=1"), args.toString());
        assertFalse(args.contains("--v"), args.toString());
    }

    @Test
    void theUsersValuesStayAsGivenAndTheReleaseRecordKeepsTheSeedChartsDefaults() {
        Map<String, Object> user = TestValues.of("inferencePool.modelServers.matchLabels.app", "m",
                "inferenceExtension.flags.enable-pprof", true);
        String before = user.toString();
        Map<String, Object> merged = InferencePoolChart.mergedValues(user, new ArrayList<>());
        assertEquals(before, user.toString(), "the map form is stored as the user gave it");
        assertEquals(Map.of("v", 1.0, "enable-pprof", true), new ValueReader(merged).get("inferenceExtension.flags"));

        Object recorded = new ValueReader(new ValueReader(new release.InferencePoolReleaseChart(false).record()).map("values"))
                .get("inferenceExtension.flags");
        assertEquals(List.of(Map.of("name", "v", "value", 1.0)), recorded,
                "the list form Helm's upstream chart reads with --reuse-values");
    }

    @Test
    void theListFormRendersInListOrderAndReplacesTheDefault() throws IOException {
        Path values = Files.writeString(dir.resolve("flags.yaml"), """
                inferenceExtension:
                  flags:
                  - name: enable-pprof
                    value: true
                  - name: grpc-port
                    value: 9102
                  - name: secure-serving
                    value: "false"
                """);
        List<String> args = eppArgs("--set", LABELS, "-f", values.toString());
        assertEquals(List.of("--enable-pprof=true", "--grpc-port=9102", "--secure-serving=false", "--tracing=false"),
                args.subList(args.indexOf("--enable-pprof=true"), args.indexOf("--tracing=false") + 1));
        assertFalse(args.contains("--v=1"), "a list replaces the default list, as Helm's coalescing does: " + args);
    }

    @Test
    void theListFormFromSetFlags() {
        List<String> args = eppArgs("--set", LABELS, "--set",
                "inferenceExtension.flags[0].name=v,inferenceExtension.flags[0].value=4,inferenceExtension.flags[1].name=enable-pprof,inferenceExtension.flags[1].value=true");
        int v = args.indexOf("--v=4");
        assertEquals(List.of("--v=4", "--enable-pprof=true"), args.subList(v, v + 2));
    }

    @Test
    void theMapFormOfUpstreamV12MergesOverTheDefaultInFlagNameOrderWithoutWarnings() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set", "inferenceExtension.flags.enable-pprof=true",
                "--set", "inferenceExtension.flags.zap-log-level=debug"));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.err(), "both forms are the chart's own: no 'destination is a table' warning");
        List<String> args = eppArgs(result.out());
        int first = args.indexOf("--enable-pprof=true");
        assertEquals(List.of("--enable-pprof=true", "--v=1", "--zap-log-level=debug"), args.subList(first, first + 3));
    }

    @Test
    void theMapFormCanOverrideAndRemoveTheDefault() {
        assertTrue(eppArgs("--set", LABELS, "--set", "inferenceExtension.flags.v=3").contains("--v=3"));
        List<String> removed = eppArgs("--set", LABELS, "--set", "inferenceExtension.flags.v=null",
                "--set", "inferenceExtension.flags.enable-pprof=true");
        assertTrue(removed.contains("--enable-pprof=true"), removed.toString());
        assertFalse(removed.stream().anyMatch(a -> a.startsWith("--v")), removed.toString());
    }

    @Test
    void aBooleanFlagIsOneArgumentSoGoKeepsParsingAfterIt() {
        List<String> args = eppArgs("--set", LABELS, "--set", "inferenceExtension.flags.enable-pprof=false");
        assertTrue(args.contains("--enable-pprof=false"), args.toString());
        assertFalse(args.contains("false"), "no separate value Go's flag package would stop at: " + args);
    }

    @Test
    void badFlagsAreReportedWithTheirPathAndAFix() {
        var result = run(List.of("template", "p", "--set", LABELS, "--set",
                "inferenceExtension.flags[0].name=--v,inferenceExtension.flags[0].value=1,inferenceExtension.flags[1].value=2",
                "--set-json", "inferenceExtension.flags[2]={\"name\":\"x\",\"value\":[1]}"));
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().contains("inferenceExtension.flags[0].name = \"--v\": must be a flag name without the leading dashes"),
                result.err());
        assertTrue(result.err().contains("Fix: --set inferenceExtension.flags[0].name=v"), result.err());
        assertTrue(result.err().contains("inferenceExtension.flags[1].name: is required"), result.err());
        assertTrue(result.err().contains("inferenceExtension.flags[2].value"), result.err());
        assertTrue(result.err().contains("must be a string, number or boolean, not a list"), result.err());

        var badName = run(List.of("template", "p", "--set", LABELS, "--set-json", "inferenceExtension.flags={\"--v\":2}"));
        assertEquals(1, badName.exitCode());
        assertTrue(badName.err().contains("Fix: --set inferenceExtension.flags.v=2 (and remove this key)"), badName.err());

        var notAFlagList = run(List.of("template", "p", "--set", LABELS, "--set", "inferenceExtension.flags=5"));
        assertEquals(1, notAFlagList.exitCode());
        assertTrue(notAFlagList.err().contains("inferenceExtension.flags = 5: must be a list or a map"), notAFlagList.err());
    }

    @Test
    void theConformanceComparisonJoinsOnlyTheReferencesPassThroughPairs() {
        String reference = deployment("- --pool-name\n        - p\n        - --lora-info-metric\n        - ''\n"
                + "        - --ha-enable-leader-election\n        - --v\n        - '1'\n        - --tracing\n        - 'false'\n");
        String pool = deployment("- --pool-name\n        - p\n        - --lora-info-metric\n        - ''\n"
                + "        - --ha-enable-leader-election\n        - --v=1\n        - --tracing=false\n");
        assertEquals(1, ObjectsByMeaning.differences(reference, pool).size(),
                "the fixtures carry the --tracing fix themselves: the comparison does not apply it");
        String fixture = reference.replace("- --tracing\n        - 'false'\n", "- --tracing=false\n");
        assertEquals(List.of(), ObjectsByMeaning.differences(fixture, pool));
        assertEquals(1, ObjectsByMeaning.differences(fixture, fixture).size(),
                "pool rendering the reference's two arguments for --v is a difference");
    }

    private static String deployment(String args) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: p-epp
                spec:
                  template:
                    spec:
                      containers:
                      - name: epp
                        args:
                        """ + "        " + args;
    }

    private static List<String> eppArgs(String... flags) {
        List<String> words = new ArrayList<>(List.of("template", "p", "--show-only", "Deployment/p-epp"));
        words.addAll(List.of(flags));
        var result = run(words);
        assertEquals(0, result.exitCode(), result.err());
        return eppArgs(result.out());
    }

    @SuppressWarnings("unchecked")
    private static List<String> eppArgs(String manifest) {
        for (Map<String, Object> doc : ObjectsByMeaning.documents(manifest)) {
            if ("Deployment".equals(doc.get("kind"))) {
                Object containers = ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
                        .get("template")).get("spec")).get("containers");
                return ((List<Object>) ((Map<String, Object>) ((List<Object>) containers).get(0)).get("args"))
                        .stream().map(String::valueOf).toList();
            }
        }
        throw new AssertionError("no Deployment in " + manifest);
    }
}
