package epp.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, one log stream: java.util.logging (OpenTelemetry), System.Logger, SLF4J (fabric8) and
 * stray stderr lines come out as the EPP's JSON lines, with zap's `caller` naming the code that logged.
 */
class LogBridgesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream previous = Log.out();
    private final Logger jul = Logger.getLogger("io.opentelemetry.exporter.internal.grpc.GrpcExporter");

    @BeforeEach
    void captureJson() {
        Log.configure(true, Log.DEFAULT, "");
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        jul.setUseParentHandlers(false);
        jul.addHandler(new LogBridges.JulHandler());
    }

    @AfterEach
    void restore() {
        for (var handler : jul.getHandlers()) {
            jul.removeHandler(handler);
        }
        jul.setUseParentHandlers(true);
        Log.redirect(previous);
        Log.configure(false, Log.DEFAULT);
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        return lines;
    }

    @Test
    void aJavaUtilLoggingRecordWithAnExceptionIsOneJsonLineWithTheCauseAndTheCaller() throws Exception {
        jul.log(Level.SEVERE, "Failed to export spans. The request could not be executed. Endpoint: {0}",
                new Object[] {"http://localhost:4317"});
        jul.log(Level.SEVERE, "Failed to export spans", new IOException("export failed", new ConnectException("Connection refused")));

        List<JsonNode> lines = lines();
        assertEquals(2, lines.size(), out.toString(StandardCharsets.UTF_8));
        assertEquals("Failed to export spans. The request could not be executed. Endpoint: http://localhost:4317", lines.get(0).get("msg").asText());
        JsonNode failure = lines.get(1);
        assertEquals("error", failure.get("level").asText());
        assertEquals("epp.io.opentelemetry.exporter.internal.grpc.GrpcExporter", failure.get("logger").asText());
        assertEquals("export failed: Connection refused", failure.get("error").asText());
        assertTrue(failure.get("caller").asText().startsWith("logging/LogBridgesTest.java:"), failure.toString());
    }

    @Test
    void systemLoggerLinesGoThroughJavaUtilLogging() throws Exception {
        System.getLogger(jul.getName()).log(System.Logger.Level.WARNING, "slow export");

        JsonNode line = lines().get(0);
        assertEquals("warn", line.get("level").asText());
        assertEquals("slow export", line.get("msg").asText());
        assertTrue(line.get("caller").asText().startsWith("logging/LogBridgesTest.java:"), line.toString());
    }

    @Test
    void slf4jLinesAreFormattedAndVerboseOnesNeedTheVerbosity() throws Exception {
        var fabric8 = Slf4jProvider.logger("io.fabric8.kubernetes.client.informers.impl.cache.Reflector");
        fabric8.debug("hidden at -v 2");
        fabric8.warn("Watch for {} closed, reconnecting", "pods", new IOException("stream reset"));

        JsonNode line = lines().get(0);
        assertEquals(1, lines().size());
        assertEquals("warn", line.get("level").asText());
        assertEquals("epp.io.fabric8.kubernetes.client.informers.impl.cache.Reflector", line.get("logger").asText());
        assertEquals("Watch for pods closed, reconnecting", line.get("msg").asText());
        assertEquals("stream reset", line.get("error").asText());
        assertTrue(line.get("caller").asText().startsWith("logging/LogBridgesTest.java:"), line.toString());

        Log.configure(true, Log.DEBUG, "");
        fabric8.debug("shown at -v 4");
        assertEquals("debug", lines().get(1).get("level").asText());
    }

    @Test
    void eachLineWrittenToAStandardStreamIsOneLogLine() throws Exception {
        var stderr = new PrintStream(new LogBridges.LineStream("warn", "stderr"), true, StandardCharsets.UTF_8);
        stderr.print("SLF4J: Class path contains multiple SLF4J providers.\nSLF4J: Found provider");
        stderr.println(" [x]");

        List<JsonNode> lines = lines();
        assertEquals(List.of("SLF4J: Class path contains multiple SLF4J providers.", "SLF4J: Found provider [x]"),
                lines.stream().map(l -> l.get("msg").asText()).toList());
        assertEquals("epp.stderr", lines.get(0).get("logger").asText());
    }

    @Test
    void theEppsOwnLinesNameTheirCallerLikeZap() throws Exception {
        Log.info("GIE build");
        assertTrue(lines().get(0).get("caller").asText().matches("logging/LogBridgesTest\\.java:\\d+"), out.toString(StandardCharsets.UTF_8));
        assertEquals("epp", lines().get(0).get("logger").asText());
    }
}
