package epp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 12: /metrics numbers as Go's client writes them (epp.md §7.1's text format detail). */
class GoExpositionTest {
    @Test
    void floatsAreGosShortestG() {
        assertEquals("1", GoFloat.format(1));
        assertEquals("0", GoFloat.format(0));
        assertEquals("-1", GoFloat.format(-1));
        assertEquals("0.0001", GoFloat.format(1e-4));
        assertEquals("1e-05", GoFloat.format(1e-5));
        assertEquals("0.005", GoFloat.format(0.005));
        assertEquals("32778", GoFloat.format(32778));
        assertEquals("524288", GoFloat.format(524288));
        assertEquals("1.048576e+06", GoFloat.format(1048576));
        assertEquals("1e+06", GoFloat.format(1e6));
        assertEquals("1.073741824e+09", GoFloat.format(1073741824));
        assertEquals("0.1", GoFloat.format(0.1));
        assertEquals("1.25", GoFloat.format(1.25));
        assertEquals("123.456", GoFloat.format(123.456));
        assertEquals("-2.5e-07", GoFloat.format(-2.5e-7));
        assertEquals("1.7976931348623157e+308", GoFloat.format(Double.MAX_VALUE));
        assertEquals("+Inf", GoFloat.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFloat.format(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", GoFloat.format(Double.NaN));
    }

    @Test
    void sampleValuesAndLeAndQuantileLabelsAreRewrittenAndNothingElse() {
        String java = """
                # HELP x_seconds [ALPHA] Latency 1.0E-4 in help.
                # TYPE x_seconds histogram
                x_seconds_bucket{name="1.0",le="1.0E-4"} 3.0
                x_seconds_bucket{name="a\\"}b",le="+Inf"} 1048576.0
                x_seconds_count 4.0
                summary{quantile="0.5"} 2.5E-7
                info{commit=""} 1.0 1712345678000
                """;
        assertEquals("""
                # HELP x_seconds [ALPHA] Latency 1.0E-4 in help.
                # TYPE x_seconds histogram
                x_seconds_bucket{name="1.0",le="0.0001"} 3
                x_seconds_bucket{name="a\\"}b",le="+Inf"} 1.048576e+06
                x_seconds_count 4
                summary{quantile="0.5"} 2.5e-07
                info{commit=""} 1 1712345678000
                """, GoExposition.rewrite(java));
    }
}
