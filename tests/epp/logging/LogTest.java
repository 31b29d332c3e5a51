package epp.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JSON log lines with zap's keys, V-level filtering and the time encodings. */
class LogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream previous = Log.out();

    @AfterEach
    void restore() {
        Log.redirect(previous);
        Log.configure(false, Log.DEFAULT);
    }

    private String capture(Runnable logging) {
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        logging.run();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesCarryZapKeysAndKeyValues() throws Exception {
        Log.configure(true, 2, "epoch");
        String line = capture(() -> Log.info("Request handled", "endpoint", "10.0.0.1:8000", "n", 3, "quote", "a\"b"));
        var tree = new ObjectMapper().readTree(line);
        assertEquals("info", tree.get("level").asText());
        assertTrue(tree.get("ts").isNumber(), line);
        assertEquals("Request handled", tree.get("msg").asText());
        assertEquals("10.0.0.1:8000", tree.get("endpoint").asText());
        assertEquals(3, tree.get("n").asInt());
        assertEquals("a\"b", tree.get("quote").asText());
    }

    @Test
    void verboseLinesNeedTheVerbosity() {
        Log.configure(true, 2, "");
        assertEquals("", capture(() -> Log.v(Log.DEBUG, "hidden")));
        Log.configure(true, 4, "");
        assertTrue(capture(() -> Log.v(Log.DEBUG, "shown")).contains("\"level\":\"debug\""), "zap names V(n ≥ 1) debug");
    }
}
