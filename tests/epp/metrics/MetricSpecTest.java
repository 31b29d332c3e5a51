package epp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricSpecTest {
    @Test
    void theEmptyStringMeansNotScraped() {
        assertEquals(Optional.empty(), MetricSpec.parse(""));
    }

    @Test
    void aBareNameHasNoLabels() {
        assertEquals(new MetricSpec("vllm:num_requests_waiting", Map.of()),
                MetricSpec.parse("  vllm:num_requests_waiting ").orElseThrow());
    }

    @Test
    void labelsAreTrimmedButQuotesAreKept() {
        assertEquals(new MetricSpec("nv_trt_llm_request_metrics", Map.of("request_type", "waiting", "model", "m")),
                MetricSpec.parse("nv_trt_llm_request_metrics { request_type = waiting , model=m }").orElseThrow());
        assertEquals(new MetricSpec("m", Map.of("request_type", "\"waiting\"")),
                MetricSpec.parse("m{request_type=\"waiting\"}").orElseThrow());
    }

    @Test
    void toStringGivesBackAFlagValue() {
        String flag = "nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type=fraction}";
        assertEquals(flag, MetricSpec.parse(flag).orElseThrow().toString());
    }

    /** The reference EPP's messages, word for word (Go %q quoting). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "m{                | invalid metric spec string: \"m{\", missing or malformed label block",
        "m}                | invalid metric spec string: \"m}\", missing or malformed label block",
        "m{}               | invalid metric spec string: \"m{}\", missing or malformed label block",
        "m}a{              | invalid metric spec string: \"m}a{\", missing or malformed label block",
        "m{a}              | invalid label pair: \"a\" in metric spec: \"m{a}\"",
        "m{a=b=c}          | invalid label pair: \"a=b=c\" in metric spec: \"m{a=b=c}\"",
        "m{a=b,}           | invalid label pair: \"\" in metric spec: \"m{a=b,}\"",
        "m{ =b}            | empty label name or value in pair: \"=b\" in metric spec: \"m{ =b}\"",
        "m{a= }            | empty label name or value in pair: \"a=\" in metric spec: \"m{a= }\"",
        "m{a=b}x           | invalid characters after label section in: \"m{a=b}x\"",
        "{a=b}             | empty metric name in spec: \"{a=b}\"",
        "'   '             | empty metric name in spec: \"\"",
    })
    void malformedSpecsAreRejectedWithTheReferenceMessage(String spec, String message) {
        var e = assertThrows(MetricSpec.InvalidMetricSpecException.class, () -> MetricSpec.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void quotesAndBackslashesInAMessageAreEscapedAsGoDoes() {
        var e = assertThrows(MetricSpec.InvalidMetricSpecException.class, () -> MetricSpec.parse("m{a=\"b\\\"}x"));
        assertEquals("invalid characters after label section in: \"m{a=\\\"b\\\\\\\"}x\"", e.getMessage());
    }
}
