package epp.testing;

import epp.logging.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Keeps the EPP's log lines (its own and the libraries' it routes) out of the test output: each
 * test class's lines are buffered and printed only for a test that fails, under its name, or for
 * the whole class when the class itself fails (issue 9).
 */
public final class EppLogCapture implements TestExecutionListener {
    private final PrintStream console = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int testStart;

    @Override
    public void executionStarted(TestIdentifier id) {
        if (isClass(id)) {
            buffer.reset();
            Log.redirect(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        } else if (id.isTest()) {
            testStart = buffer.size();
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean failed = result.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
        if (id.isTest() && failed) {
            print(id, testStart);
        } else if (isClass(id)) {
            if (failed) {
                print(id, 0);
            }
            Log.redirect(console);
            buffer.reset();
        }
    }

    private void print(TestIdentifier id, int from) {
        byte[] all = buffer.toByteArray();
        int start = Math.min(from, all.length);
        String lines = new String(all, start, all.length - start, StandardCharsets.UTF_8);
        if (!lines.isEmpty()) {
            console.println("---- EPP log of " + id.getDisplayName() + " ----");
            console.print(lines);
            console.println("---- end of EPP log ----");
        }
    }

    private static boolean isClass(TestIdentifier id) {
        return id.getSource().filter(s -> s instanceof ClassSource).isPresent();
    }
}
