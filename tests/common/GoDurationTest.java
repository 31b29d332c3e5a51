package common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import commands.PoolCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Go's time.ParseDuration and Duration.String(); every expected value is Go 1.22's output. */
class GoDurationTest {
    @Test
    void parsesWhatGoParses() {
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ZERO, GoDuration.parse("-0"));
        assertEquals(Duration.ZERO, GoDuration.parse("0s"));
        assertEquals(Duration.ofSeconds(300), GoDuration.parse("300s"));
        assertEquals(Duration.ofMinutes(5), GoDuration.parse("5m0s"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(Duration.ofSeconds(1), GoDuration.parse("1.s"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5µs"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1.5μs"));
        assertEquals(Duration.ofNanos(7), GoDuration.parse("7ns"));
        assertEquals(Duration.ofSeconds(-2), GoDuration.parse("-2s"));
        assertEquals(Duration.ofSeconds(2), GoDuration.parse("+2s"));
        assertEquals(Duration.ofHours(1).plusSeconds(1), GoDuration.parse("1h1s"));
        assertEquals(Duration.ofSeconds(3), GoDuration.parse("1s2s"), "units may repeat and add up");
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), GoDuration.parse("9223372036854775807ns"));
        assertEquals(Duration.ofNanos(Long.MIN_VALUE), GoDuration.parse("-9223372036854775808ns"));
        assertEquals(Duration.ofNanos(1_100_000_000L), GoDuration.parse("1.1s"));
        assertEquals(Duration.ofNanos(3_723_000_000_000L), GoDuration.parse("1.0341666666666667h"),
                "fractions go through float64 as in Go and are truncated");
    }

    @Test
    void refusesWhatGoRefusesWithGoText() {
        assertRefused("300", "time: missing unit in duration \"300\"");
        assertRefused("5", "time: missing unit in duration \"5\"");
        assertRefused("", "time: invalid duration \"\"");
        assertRefused("-", "time: invalid duration \"-\"");
        assertRefused("s", "time: invalid duration \"s\"");
        assertRefused(".s", "time: invalid duration \".s\"");
        assertRefused("5 s", "time: unknown unit \" s\" in duration \"5 s\"");
        assertRefused("3d", "time: unknown unit \"d\" in duration \"3d\"");
        assertRefused("1S", "time: unknown unit \"S\" in duration \"1S\"");
        assertRefused("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"");
        assertRefused("3000000h", "time: invalid duration \"3000000h\"");
        assertRefused("99999999999999999999s", "time: invalid duration \"99999999999999999999s\"");
    }

    @Test
    void printsAsGoPrints() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("1ns", GoDuration.format(Duration.ofNanos(1)));
        assertEquals("1.5µs", GoDuration.format(Duration.ofNanos(1500)));
        assertEquals("50ms", GoDuration.format(Duration.ofMillis(50)));
        assertEquals("500ms", GoDuration.format(Duration.ofMillis(500)));
        assertEquals("1.000001ms", GoDuration.format(Duration.ofNanos(1_000_001)));
        assertEquals("1s", GoDuration.format(Duration.ofSeconds(1)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("1m0s", GoDuration.format(Duration.ofMinutes(1)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("1h0m0.5s", GoDuration.format(Duration.ofHours(1).plusMillis(500)));
        assertEquals("26h3m4.000000005s", GoDuration.format(Duration.ofSeconds(26 * 3600 + 184).plusNanos(5)));
        assertEquals("-2s", GoDuration.format(Duration.ofSeconds(-2)));
        assertEquals("-1.5µs", GoDuration.format(Duration.ofNanos(-1500)));
        assertEquals("2562047h47m16.854775807s", GoDuration.format(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals("-2562047h47m16.854775808s", GoDuration.format(Duration.ofNanos(Long.MIN_VALUE)));
    }

    @Test
    void printedDurationsParseBack() {
        for (long nanos : new long[] {0, 1, 999, 1500, 500_000_000, 90_000_000_000L, 3_600_500_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Duration d = Duration.ofNanos(nanos);
            assertEquals(d, GoDuration.parse(GoDuration.format(d)));
        }
    }

    @Test
    void theFlagConverterSaysWhatGoSyntaxLooksLike() {
        var e = assertThrows(CommandLine.TypeConversionException.class, () -> new GoDuration.Converter().convert("300"));
        assertEquals("time: missing unit in duration \"300\" (use Go syntax, e.g. 500ms, 30s, 5m0s, 1h30m)", e.getMessage());
    }

    @Test
    void helmsTimeoutFlagTakesGoSyntaxOnlyAndKubectlsRequestTimeoutAlsoWholeSeconds() {
        var e = assertThrows(CommandLine.ParameterException.class,
                () -> PoolCommand.commandLine().parseArgs("upgrade", "p", "--timeout", "300"));
        assertEquals("Invalid value for option '--timeout': time: missing unit in duration \"300\" "
                + "(use Go syntax, e.g. 500ms, 30s, 5m0s, 1h30m)", e.getMessage());
        PoolCommand.commandLine().parseArgs("upgrade", "p", "--timeout", "300s", "--request-timeout", "30");
        PoolCommand.commandLine().parseArgs("status", "p", "--request-timeout", "1m");
    }

    private static void assertRefused(String text, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals(message, e.getMessage());
    }
}
