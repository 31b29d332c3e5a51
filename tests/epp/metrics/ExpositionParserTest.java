package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {
    private final ExpositionParser parser = new ExpositionParser(Set.of("wanted", "vllm:x"));

    @Test
    void onlyWantedFamiliesAreKeptWithLabelsValuesAndTimestamps() throws Exception {
        var exposition = parser.parse("""
                # HELP wanted Some help.
                # TYPE wanted gauge
                wanted{a="1",b="two"} 3.5
                wanted 7 1700000000000
                other{a="1"} 1
                wanted_bucket{le="+Inf"} 4
                # TYPE vllm:x gauge
                """);

        assertEquals(Map.of("wanted", List.of(
                        new Sample(Map.of("a", "1", "b", "two"), 3.5, 0),
                        new Sample(Map.of(), 7, 1700000000000L)),
                "vllm:x", List.of()), exposition.families());
        assertNull(exposition.family("other"));
    }

    @Test
    void labelValuesUnescapeAndSpecialValuesParse() throws Exception {
        var samples = parser.parse("wanted{a=\"x\\\"y\\\\z\\nw\" , b = \"\" ,} +Inf\r\n"
                + "wanted{} NaN\n"
                + "\twanted -Inf\n"
                + "wanted 1e+09").family("wanted");

        assertEquals(Map.of("a", "x\"y\\z\nw", "b", ""), samples.get(0).labels());
        assertEquals(Double.POSITIVE_INFINITY, samples.get(0).value());
        assertTrue(Double.isNaN(samples.get(1).value()));
        assertEquals(Double.NEGATIVE_INFINITY, samples.get(2).value());
        assertEquals(1e9, samples.get(3).value(), "a last line without newline counts");
    }

    @Test
    void aMalformedWantedLineFailsTheScrapeNamingTheLine() {
        for (String body : List.of("wanted{a=1} 1", "wanted{a=\"1\" 1", "wanted 1d", "wanted", "wanted 1 x",
                "wanted 1 2 3", "wanted{a=\"\\q\"} 1")) {
            var e = assertThrows(ExpositionParser.MalformedExpositionException.class,
                    () -> parser.parse("# ok\n" + body + "\n"), body);
            assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
        }
    }

    @Test
    void aMalformedLineOfAnotherFamilyIsNotLookedAt() throws Exception {
        var exposition = parser.parse("garbage{{{ not a sample\nwanted 2\n");

        assertEquals(List.of(new Sample(Map.of(), 2, 0)), exposition.family("wanted"));
    }

    /** With every family wanted, each sample line of the real expositions parses into one sample. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"vllm-0.28.0-cpu-queued.txt",
        "vllm-0.28.0-gpu-l4-kv-exhausted.txt", "vllm-0.4.3-datadog-fixture.txt", "vllm-v0-aibrix-runtime-doc.txt",
        "triton-trtllm-tensorrtllm_backend-readme.txt", "sglang-docs-production-metrics.txt"})
    void everySampleLineOfTheFixturesParses(String fixture) throws Exception {
        List<String> sampleLines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("tests/epp/metrics", fixture))
                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        Set<String> names = new java.util.HashSet<>();
        sampleLines.forEach(l -> names.add(l.split("[{ ]", 2)[0]));

        var exposition = new ExpositionParser(names).parse(String.join("\n", sampleLines));

        assertEquals(sampleLines.size(), exposition.families().values().stream().mapToInt(List::size).sum());
        assertEquals(names, exposition.families().keySet());
    }
}
