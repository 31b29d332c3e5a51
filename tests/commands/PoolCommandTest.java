package commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PoolCommandTest {
    @Test
    void unknownFlagIsBadUsageWithExitCode2() {
        var err = new StringWriter();
        int code = PoolCommand.commandLine().setErr(new PrintWriter(err)).execute("--no-such-flag");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void versionNamesPool() {
        var out = new StringWriter();
        int code = PoolCommand.commandLine().setOut(new PrintWriter(out)).execute("--version");
        assertEquals(0, code);
        assertTrue(out.toString().startsWith("pool "), out.toString());
    }
}
