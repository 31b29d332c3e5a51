package sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulator's command line: every bad value reported at once, exit 1; bad usage exit 2. */
class SimCommandTest {
    private record Run(int exitCode, String err) {}

    private static Run run(String... args) {
        return runWithHashSeed(null, args);
    }

    /** @param pythonHashSeed the PYTHONHASHSEED the command sees (null: unset) */
    private static Run runWithHashSeed(String pythonHashSeed, String... args) {
        StringWriter err = new StringWriter();
        SimCommand command = new SimCommand();
        command.environmentHashSeed = pythonHashSeed;
        int code = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void vllmsBlockHashesNeedASeedFromTheFlagOrPythonHashSeed() {
        Run unseeded = run("--prefix-caching-hash-algo", "sha256_cbor", "--block-size", "7");
        assertEquals(1, unseeded.exitCode());
        assertTrue(unseeded.err().contains("needs a seed: set --hash-seed or PYTHONHASHSEED"), unseeded.err());
        // The block size error stops the run; the seed from the environment (or the flag) is accepted.
        Run fromEnvironment = runWithHashSeed("42", "--prefix-caching-hash-algo", "sha256_cbor", "--block-size", "7");
        assertEquals(1, fromEnvironment.exitCode());
        assertTrue(!fromEnvironment.err().contains("needs a seed"), fromEnvironment.err());
        Run fromFlag = run("--prefix-caching-hash-algo", "sha256_cbor", "--hash-seed", "42", "--block-size", "7");
        assertTrue(!fromFlag.err().contains("needs a seed"), fromFlag.err());
        Run xxhash = runWithHashSeed("42", "--prefix-caching-hash-algo", "xxhash");
        assertEquals(1, xxhash.exitCode());
        assertTrue(xxhash.err().contains("use sha256_cbor"), xxhash.err());
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        Run run = run("--max-num-seqs", "0", "--block-size", "7", "--mode", "loud", "--failure-types", "oops",
                "--pods", "2", "--address-base", "10.0.0.1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--max-num-seqs must be at least 1, got 0"), run.err());
        assertTrue(run.err().contains("--block-size must be between 8 and 128 tokens, got 7"), run.err());
        assertTrue(run.err().contains("--mode must be echo or random, got loud"), run.err());
        assertTrue(run.err().contains("--failure-types: unknown type oops"), run.err());
    }

    @Test
    void anAddressOutsideLoopbackIsRefused() {
        Run run = run("--pods", "2", "--address-base", "10.0.0.1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("not a loopback address"), run.err());
    }

    @Test
    void anUnknownFlagIsBadUsage() {
        assertEquals(2, run("--no-such-flag").exitCode());
        Run eaten = run("--lora-modules", "sql", "--no-such-flag");
        assertEquals(1, eaten.exitCode());
        assertTrue(eaten.err().contains("looks like a flag"), eaten.err());
    }

    @Test
    void podAddressesCountUpFromTheBase() {
        assertEquals("127.0.0.10", SimCommand.addressOffset("127.0.0.10", 0));
        assertEquals("127.0.1.4", SimCommand.addressOffset("127.0.0.250", 10));
        assertThrows(IllegalArgumentException.class, () -> SimCommand.addressOffset("127.255.255.250", 10));
        assertThrows(IllegalArgumentException.class, () -> SimCommand.addressOffset("localhost", 1));
    }

    @Test
    void durationsTakeGoUnitsOrMilliseconds() {
        var options = new sim.engine.SimOptions();
        assertEquals(java.time.Duration.ofNanos(70_000), sim.engine.SimOptions.parseDuration("70us"));
        assertEquals(java.time.Duration.ofMillis(1500), sim.engine.SimOptions.parseDuration("1.5s"));
        assertEquals(java.time.Duration.ofMillis(20), sim.engine.SimOptions.parseDuration("20"));
        assertEquals(java.time.Duration.ofMillis(20), sim.engine.SimOptions.parseDuration("20ms"));
        assertThrows(IllegalArgumentException.class, () -> sim.engine.SimOptions.parseDuration("soon"));
        assertEquals(java.util.List.of(), options.problems());
    }
}
