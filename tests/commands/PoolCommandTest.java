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

    @Test
    void aCommandLineStartingWithASubcommandBuildsOnlyThatSubcommand() {
        var cli = PoolCommand.commandLineFor("template", "r", "--set", "a=b");
        assertTrue(cli.getSubcommands().containsKey("template"));
        assertTrue(!cli.getSubcommands().containsKey("install"), cli.getSubcommands().keySet().toString());
    }

    @Test
    void noCommandAsksPicocliToLookForCommandMethods() {
        assertNoMethodSubcommandScan(PoolCommand.commandLine());
    }

    private static void assertNoMethodSubcommandScan(picocli.CommandLine command) {
        if (command.getCommandSpec().userObject() != null
                && command.getCommandSpec().userObject().getClass().getPackageName().equals("commands")) {
            assertTrue(!command.getCommandSpec().isAddMethodSubcommands(),
                    command.getCommandName() + ": @Command(addMethodSubcommands = false), see PoolCommand");
        }
        command.getSubcommands().values().forEach(PoolCommandTest::assertNoMethodSubcommandScan);
    }

    @Test
    void subcommandAliasesAreRecognised() {
        var cli = PoolCommand.commandLineFor("un", "pool-1");
        assertEquals("uninstall", cli.getSubcommands().get("un").getCommandName());
    }

    @Test
    void aMisspelledSubcommandGetsEverySubcommandAndExitCode2() {
        var err = new StringWriter();
        var cli = PoolCommand.commandLineFor("instal", "pool-1");
        assertEquals(PoolCommand.SUBCOMMANDS.size(), cli.getCommandSpec().subcommands().values().stream().distinct().count());
        int code = cli.setErr(new PrintWriter(err)).execute("instal", "pool-1");
        assertEquals(2, code);
        assertTrue(err.toString().contains("install"), err.toString());
    }

    @Test
    void helpDescribesAnySubcommand() {
        var out = new StringWriter();
        int code = PoolCommand.commandLineFor("help", "install").setOut(new PrintWriter(out)).execute("help", "install");
        assertEquals(0, code);
        assertTrue(out.toString().contains("Usage: pool install"), out.toString());
    }
}
